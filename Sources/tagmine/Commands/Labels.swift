import ArgumentParser
import Foundation
import Store

struct Labels: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect label sets.", subcommands: [List.self, Show.self])
}

extension Labels {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every label set with its class counts.")

        @OptionGroup var store: StoreOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let sets = try await store.open().labelSets()
            if json { return try printJSON(sets) }
            guard !sets.isEmpty else { return print("No label sets yet: make one with `tagmine label …`.") }
            var table = Table(header: ["id", "name", "task", "labeled", "classes", "by"], rightAligned: [0, 3])
            for set in sets {
                let classes = set.classes.map { "\($0) \(set.counts[$0] ?? 0)" }.joined(separator: ", ")
                table.rows.append([
                    "\(set.id)", set.name ?? "", set.task, "\(set.labeledTracks)", classes, set.createdBy,
                ])
            }
            print(table.render())
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A label set's class distribution, or one track's labels and their evidence.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The label set's id or name.") var set: String
        @Option(help: "Show this track's labels and evidence (the catalogue's track id).") var track: String?

        func run() async throws {
            let store = try store.open()
            let labelSet = try await store.labelSet(named: set)
            if let track {
                let labels = try await store.labels(of: track, in: labelSet)
                print("Track \(track) in label set \(labelSet.id) (\(labelSet.task)):")
                if labels.labels.isEmpty { print("  unlabeled") }
                for label in labels.labels {
                    print("  \(label.className) [\(label.origin)]")
                    if let evidence = label.evidence { print(indented(pretty(evidence))) }
                }
                if let score = labels.score { print(String(format: "  score %+.4f", score)) }
                if !labels.tagEvidence.isEmpty { print("  evidence from its tags:") }
                for tag in labels.tagEvidence {
                    print("  \(tag.tag)")
                    print(indented(pretty(tag.evidence)))
                }
                if let evidence = labels.scoreEvidence {
                    print("  evidence from its description:")
                    print(indented(pretty(evidence)))
                }
                return
            }
            let tracks = try await store.trackCount()
            let name = labelSet.name.map { " '\($0)'" } ?? ""
            print(
                "Label set \(labelSet.id)\(name): \(labelSet.task), by \(labelSet.createdBy), config \(labelSet.configHash.prefix(12))"
            )
            let largest = max(labelSet.counts.values.max() ?? 0, 1)
            var table = Table(header: ["class", "tracks", ""], rightAligned: [1])
            for className in labelSet.classes {
                let count = labelSet.counts[className] ?? 0
                table.rows.append([className, "\(count)", String(repeating: "█", count: count * 40 / largest)])
            }
            print(table.render())
            print(
                "coverage \(percent(labelSet.labeledTracks, of: tracks)) (\(labelSet.labeledTracks) of \(tracks) tracks)"
            )
        }

        private func pretty(_ json: String) -> String {
            guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)),
                let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            else { return json }
            return String(decoding: data, as: UTF8.self)
        }

        private func indented(_ text: String) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        }
    }
}
