import ArgumentParser
import Catalog
import Store
import Workflows

struct Audio: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Link audio files to tracks imported without them.",
        subcommands: [Attach.self], defaultSubcommand: Attach.self)

    struct Attach: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Attach the audio files in a folder to the tracks they are named after.",
            discussion: """
                By default a file whose name without its extension is a track id is that track's audio
                (T0042.flac for track T0042). --pattern names files after other track fields:
                '{artist}/{album}/{id}.mp3', '{title} - {artist}.{ext}'. The folder becomes an audio
                root. Attaching again changes nothing; tracks still without audio and audio files
                that fit no track are listed.
                """)

        @OptionGroup var store: StoreOptions
        @Argument(help: "The folder holding the audio files.") var folder: String

        @Option(help: "How files are named: {id}, {title}, {artist}, {album}, {ext}.")
        var pattern = AudioFilePattern.byID.text

        @Flag(help: "Look for files in every folder below too.") var recursive = false

        func run() async throws {
            let attachment = try await AudioWorkflow(store: store.open()).attach(
                folder: folder, pattern: try AudioFilePattern(pattern), recursive: recursive)
            print(Self.report(attachment))
        }

        /// What an attachment did, in a few lines.
        static func report(_ attachment: AudioAttachment) -> String {
            var lines = [
                "Attached audio from \(Table.visible(attachment.folder)) to \(attachment.attached) tracks"
                    + (attachment.unchanged > 0 ? " (\(attachment.unchanged) had it already)." : ".")
            ]
            func sample(_ items: [String]) -> String {
                items.prefix(10).map(Table.visible).joined(separator: ", ") + (items.count > 10 ? ", …" : "")
            }
            if !attachment.tracksWithoutAudio.isEmpty {
                lines.append(
                    "\(attachment.tracksWithoutAudio.count) tracks have no audio: \(sample(attachment.tracksWithoutAudio))"
                )
            }
            if !attachment.filesWithoutTrack.isEmpty {
                lines.append(
                    "\(attachment.filesWithoutTrack.count) audio files fit no track: \(sample(attachment.filesWithoutTrack))"
                )
            }
            if !attachment.tracksWithSeveralFiles.isEmpty {
                lines.append(
                    "\(attachment.tracksWithSeveralFiles.count) tracks fit several files and got the first: "
                        + sample(attachment.tracksWithSeveralFiles))
            }
            return lines.joined(separator: "\n")
        }
    }
}
