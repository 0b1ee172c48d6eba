import ArgumentParser
import Catalog
import Store

struct Roots: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The folders the server may serve audio from.",
        discussion: """
            `tagmine serve` plays a track's audio only when the file, with symbolic links followed, is a
            regular audio file under one of these folders. Each import adds the folder its audio paths
            resolve against (--audio-root, else the catalogue's folder); add others here.
            """,
        subcommands: [List.self, Add.self, Remove.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the audio roots.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let roots = try await store.open().audioRoots().folders.sorted()
            print(
                roots.isEmpty
                    ? "No audio roots yet: import a catalogue, or `tagmine roots add DIR`."
                    : roots
                        .map(Table.visible).joined(separator: "\n"))
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add folders to the audio roots.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Folders.") var folders: [String]

        func run() async throws {
            let store = try store.open()
            for folder in folders {
                let added = try await store.addAudioRoot(folder)
                print(added ? "Added \(folder)" : "\(folder) is an audio root already")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove folders from the audio roots.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Folders.") var folders: [String]

        func run() async throws {
            let store = try store.open()
            for folder in folders {
                try await store.removeAudioRoot(folder)
                print("Removed \(folder)")
            }
        }
    }
}
