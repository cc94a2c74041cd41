import Animation
import ArgumentParser
import Foundation
import VideoIO

extension Zoetrope {
    /// `zoetrope schedule`: evaluates a Deforum keyframe schedule for every frame, as Deforum would,
    /// and optionally plots it.
    struct Schedule: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schedule",
            abstract: "Evaluates a keyframe schedule for every frame.",
            discussion: """
                SCHEDULE is a Deforum keyframe string such as "0: (1.0), 30: (1.0025+0.002*sin(1.25*3.14*t/30))". \
                Plain-number keyframes are interpolated linearly; expression keyframes (numexpr syntax, with \
                t = frame, max_f = frames - 1 and s = seed) are evaluated at every frame up to the next \
                keyframe. A schedule whose values are quoted strings ("Euler a") is a text schedule: each \
                value is held until the next keyframe.
                """)

        /// How the values are printed.
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json, csv
        }

        /// The most frames a schedule is evaluated for (a day of video at 24 fps, well beyond any animation).
        static let maximumFrames = 2_073_600

        @Argument(help: "The keyframe schedule.")
        var schedule: String

        @Option(help: "The number of frames (Deforum's max_frames).")
        var frames: Int

        @Option(help: "The seed bound to the variable s.")
        var seed: Int64?

        @Option(help: "text (frame and value per line), json (an array) or csv (frame,value rows).")
        var format: Format = .text

        @Option(help: "Also draw the curve with its keyframes to this PNG file.")
        var plot: String?

        func validate() throws {
            guard frames >= 1 && frames <= Self.maximumFrames else {
                throw ValidationError("--frames must be between 1 and \(Self.maximumFrames)")
            }
        }

        func run() throws {
            let kind = Animation.Schedule.kind(of: schedule)
            let parsed: Animation.Schedule
            let timeline: ScheduleTimeline
            do {
                parsed = try Animation.Schedule(schedule, name: "schedule", kind: kind)
                if parsed.usesSeed && seed == nil {
                    throw UserError("schedule: the schedule reads the seed s; pass --seed")
                }
                timeline = try parsed.timeline(frameCount: frames, seed: seed ?? 0)
            } catch let error as ScheduleError {
                throw UserError(error.description)
            }
            if kind == .text {
                if plot != nil { throw UserError("schedule: --plot draws numeric schedules; this one holds text") }
                let texts = (0..<frames).map { timeline.text(at: $0) }
                print(ScheduleOutput.format(texts.map(ScheduleOutput.Value.text), as: format), terminator: "")
                return
            }
            let values: [Double]
            do {
                values = try (0..<frames).map { frame throws(ScheduleError) in try timeline.value(at: frame) }
            } catch {
                throw UserError(error.description)
            }
            if let plot {
                let image = SchedulePlot(values: values, keyframes: timeline.keyframeFrames).image()
                try ImageFile.write(image, to: URL(fileURLWithPath: plot), text: ["Description": "zoetrope schedule \(schedule)"])
            }
            print(ScheduleOutput.format(values.map(ScheduleOutput.Value.number), as: format), terminator: "")
        }
    }
}
