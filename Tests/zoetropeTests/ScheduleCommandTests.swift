import Foundation
import Testing
import TestSupport

@Test func scheduleJSONPrintsOneNumberPerFrame() throws {
    let result = try CommandLineTool.run(["schedule", "0:(0), 4:(2), 6:(t*0.5)", "--frames", "8", "--format", "json"])
    #expect(result.status == 0)
    #expect(result.stdout == "[0.0,0.5,1.0,1.5,2.0,2.5,3.0,3.5]\n")
}

@Test func scheduleTextFormatIsTheDefault() throws {
    let result = try CommandLineTool.run(["schedule", "0:(1), 2:(2)", "--frames", "3"])
    #expect(result.stdout == "0\t1.0\n1\t1.5\n2\t2.0\n")
}

@Test func scheduleCSVHasAHeader() throws {
    let result = try CommandLineTool.run(["schedule", "0: (0.65), 25: (0.55)", "--frames", "27", "--format", "csv"])
    #expect(result.stdout.hasPrefix("frame,value\n0,0.65\n1,0.646\n2,0.642\n"))
    #expect(result.stdout.hasSuffix("\n25,0.55\n26,0.55\n"))
}

@Test func scheduleSeedBindsS() throws {
    let result = try CommandLineTool.run(["schedule", "0:(s%7), 's%3':(t)", "--frames", "4", "--seed", "10", "--format", "json"])
    #expect(result.stdout == "[3.0,1.0,2.0,3.0]\n")
}

@Test func scheduleTextValuesAreJSONStrings() throws {
    let result = try CommandLineTool.run(["schedule", #"0:("Euler a"), 2:("it's, C:\x")"#, "--frames", "3", "--format", "json"])
    #expect(result.stdout == #"["Euler a","Euler a","its, C:\\x"]"# + "\n")
}

@Test func scheduleSyntaxErrorNamesThePosition() throws {
    let result = try CommandLineTool.run(["schedule", "0:(1+sin(t)", "--frames", "3"])
    #expect(result.status == 1)
    #expect(!result.crashed)
    #expect(result.stderr == "zoetrope: error: schedule: at 12: expected ')'\n")
}

@Test func scheduleNaNNamesTheFrame() throws {
    let result = try CommandLineTool.run(["schedule", "0:(sqrt(2-t))", "--frames", "4"])
    #expect(result.status == 1)
    #expect(result.stderr == "zoetrope: error: schedule: frame 3: the value is NaN\n")
}

@Test func scheduleSeedIsRequiredWhenRead() throws {
    let result = try CommandLineTool.run(["schedule", "0:(s)", "--frames", "2"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("pass --seed"))
}

@Test func scheduleFrameCountIsValidated() throws {
    for frames in ["0", "-3", "99999999999"] {
        let result = try CommandLineTool.run(["schedule", "0:(1)", "--frames", frames])
        #expect(result.status == 2, "--frames \(frames)")
        #expect(!result.crashed)
    }
}

@Test func schedulePlotWritesAPNG() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zoetrope-plot-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let png = folder.appendingPathComponent("zoom.png")
    let result = try CommandLineTool.run(["schedule", "0:(1), 10:(1.02), 20:(1+0.01*sin(t))", "--frames", "30", "--plot", png.path])
    #expect(result.status == 0)
    let bytes = [UInt8](try Data(contentsOf: png))
    #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    // IHDR: width and height, big-endian, at bytes 16–23.
    #expect(Array(bytes[16..<24]) == [0, 0, 0x03, 0x20, 0, 0, 0x01, 0x68])
}

@Test func schedulePlotRefusesTextSchedules() throws {
    let result = try CommandLineTool.run(["schedule", #"0:("Euler a")"#, "--frames", "2", "--plot", "/tmp/never.png"])
    #expect(result.status == 1)
    #expect(!FileManager.default.fileExists(atPath: "/tmp/never.png"))
}
