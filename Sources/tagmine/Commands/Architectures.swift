import ArgumentParser
import Workflows

struct Architectures: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the built-in CNN architectures, or print one as an architecture file to start from.",
        discussion: """
            `tagmine train --model cnn --architecture NAME|FILE` trains one. The file format is in the
            README, "Training a CNN":
              tagmine architectures --show compact > mine.toml
            """)

    @Option(help: "Print this built-in architecture's TOML.") var show: String?

    func run() throws {
        guard let show else {
            for name in ArchitectureLibrary.names {
                let summary = ArchitectureLibrary.text(of: name)?.split(separator: "\n").first ?? ""
                print(
                    "\(name)\(name == ArchitectureLibrary.names[0] ? " (default)" : ""): "
                        + summary.trimmingPrefix("# \(name): "))
            }
            return
        }
        guard let text = ArchitectureLibrary.text(of: show) else {
            throw ValidationError(
                "no built-in architecture '\(show)'; the built-ins are \(ArchitectureLibrary.names.joined(separator: ", "))"
            )
        }
        print(text, terminator: "")
    }
}
