import ArgumentParser
import Store

/// The `tagmine` command-line tool.
@main
struct Tagmine: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Turn an audio catalogue's free-text tags into trustworthy training labels.",
        discussion: """
            The store is ./tagmine.db unless --db or TAGMINE_DB names another file.
            Exit codes: 0 success, 1 failure, 3 a batch finished with per-item failures, 64 usage error.
            """,
        subcommands: [
            Init.self, Import.self, Sources.self, Tracks.self, Tags.self, Label.self, Labels.self, Relabel.self,
            SplitCommand.self, Export.self, Features.self, Train.self, Runs.self, Predict.self, Report.self,
            Suggest.self, Compare.self, Serve.self, Roots.self, Audio.self, Models.self, Autotag.self,
            Architectures.self, Demo.self,
        ]
    )

    /// Runs the command, turning the store's database errors into messages that say what to do (no
    /// raw `SQLite error 19` reaches the terminal).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: StoreError.classify(error) ?? error)
        }
    }
}
