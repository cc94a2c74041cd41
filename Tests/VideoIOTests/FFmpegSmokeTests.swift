import Testing
import VideoIO

/// Proves FFmpeg's libraries link and answer: encoders every Debian build has are found by name,
/// and a made-up name is not.
@Test(arguments: ["mpeg4", "png", "libx264"])
func encoderIsFoundByName(_ name: String) {
    #expect(Codecs.hasEncoder(named: name))
}

@Test func unknownEncoderIsNotFound() {
    #expect(!Codecs.hasEncoder(named: "no-such-encoder"))
}
