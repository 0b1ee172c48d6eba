import ArgumentParser
import Catalog
import Foundation
import Store
import Workflows

struct Labels: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect label sets: versions, distributions, evidence, differences and lineage.",
        subcommands: [List.self, Show.self, Diff.self, Lineage.self, Import.self])
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
            let ids = Set(sets.map(\.id))
            let children = Dictionary(grouping: sets.filter { $0.parentID.map(ids.contains) == true }) {
                $0.parentID ?? 0
            }
            var table = Table(header: ["id", "name", "task", "labeled", "classes", "by", "made by"], rightAligned: [3])
            func add(_ set: LabelSet, depth: Int) {
                let indent = depth == 0 ? "" : String(repeating: "  ", count: depth - 1) + "└ "
                table.rows.append([
                    indent + "\(set.id)", set.name ?? "", set.task, "\(set.labeledTracks)", set.classCounts(first: 6),
                    set.createdBy,
                    set.recordedOperation?.summary ?? "",
                ])
                for child in children[set.id, default: []] { add(child, depth: depth + 1) }
            }
            for root in sets where root.parentID.map(ids.contains) != true { add(root, depth: 0) }
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
                    if let evidence = label.evidence { print(indented(try pretty(evidence))) }
                }
                if let score = labels.score { print(String(format: "  score %+.4f", score)) }
                if !labels.tagEvidence.isEmpty { print("  evidence from its tags:") }
                for tag in labels.tagEvidence {
                    print("  \(tag.tag)")
                    print(indented(try pretty(tag.evidence)))
                }
                if let evidence = labels.scoreEvidence {
                    print("  evidence from its description:")
                    print(indented(try pretty(evidence)))
                }
                return
            }
            let tracks = try await store.trackCount()
            print(
                "Label set \(labelSet.reference): \(labelSet.task), by \(labelSet.createdBy), config \(labelSet.configHash.prefix(12))"
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

        private func pretty(_ evidence: some Encodable) throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return String(decoding: try encoder.encode(evidence), as: UTF8.self)
        }

        private func indented(_ text: String) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        }
    }

    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What changed between two label sets: class counts and the tracks whose labels differ.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The first label set (id or name).") var first: String
        @Argument(help: "The second label set (id or name).") var second: String
        @Option(help: "List at most this many changed tracks (all with --json).") var limit = 50
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let store = try store.open()
            let a = try await store.labelSet(named: first), b = try await store.labelSet(named: second)
            let diff = try await store.diff(a, b, limit: json ? .max : limit)
            if json { return try printJSON(diff) }
            print("Label set \(a.id) → \(b.id): \(diff.changedTracks) tracks changed")
            print(diff.classTable(before: "\(a.id)", after: "\(b.id)").render())
            guard !diff.tracks.isEmpty else { return }
            var tracks = Table(header: ["track", "\(a.id)", "\(b.id)"])
            for change in diff.tracks {
                tracks.rows.append([change.track, Self.labels(change.before), Self.labels(change.after)])
            }
            print("")
            print(tracks.render())
            if diff.changedTracks > diff.tracks.count {
                print("… and \(diff.changedTracks - diff.tracks.count) more (--limit, or --json for all)")
            }
        }

        private static func labels(_ classes: [String]) -> String {
            classes.isEmpty ? "–" : classes.joined(separator: "+")
        }
    }

    struct Lineage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A label set's ancestry: every version from the first, with the operation that made it.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The label set's id or name.") var set: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let store = try store.open()
            let chain = try await store.lineage(of: try await store.labelSet(named: set))
            if json { return try printJSON(chain) }
            let formatter = ISO8601DateFormatter()
            for (generation, version) in chain.enumerated() {
                print("\(generation == 0 ? "" : "↓ ")\(version.reference)  \(version.recordedOperation?.summary ?? "")")
                print(
                    "    by \(version.createdBy), \(formatter.string(from: version.createdAt)), Tagmine \(version.toolVersion), config \(version.configHash.prefix(12))"
                )
                print("    \(version.labeledTracks) labeled: \(version.classCounts())")
            }
        }
    }
}

/// One line for the operation JSON a label set records: `label-emotion (builtin)`, `relabel: drop pops`.

extension Labels {
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Make a label set from labels the catalogue already has: a column, a tag facet or a track_id,label file.",
            discussion: """
                --attribute reads a column the import kept as a track attribute (any column Tagmine did not
                map to a field). --facet reads the values of tags that name a facet (genre for
                genre---rock); a track with several gets several labels. --file reads a CSV or TSV with a
                header naming track_id and label (and optionally note); a track on several rows gets
                several labels. Rows naming unknown tracks are listed and skipped (exit code 3).
                """)

        @OptionGroup var store: StoreOptions
        @Option(help: "The task the labels are for (genre, mood, …).") var task: String
        @Option(help: "A track attribute (an imported column) holding the labels.") var attribute: String?
        @Option(help: "A CSV/TSV file: track_id,label[,note].") var file: String?
        @OptionGroup var facet: FacetOptions
        @Option(help: "A Label Studio JSON export whose tasks carry data.track_id.") var labelStudio: String?
        @Option(help: "With --label-studio: the label set the annotations correct (their classes must be its).")
        var parent: String?
        @Option(help: "A name for the new label set.") var name: String?
        @Option(help: "Who makes the label set (default: the OS user; with --label-studio, the annotators).")
        var author: String?

        func validate() throws {
            guard [attribute, file, facet.facet, labelStudio].compactMap({ $0 }).count == 1 else {
                throw ValidationError("give exactly one of --attribute, --facet, --file or --label-studio")
            }
            if parent != nil && labelStudio == nil { throw ValidationError("--parent goes with --label-studio") }
        }

        func run() async throws {
            let store = try store.open()
            if let labelStudio {
                let export = try LabelStudioExport(path: labelStudio)
                let parentSet = if let parent { try await store.labelSet(named: parent) } else { LabelSet?.none }
                let set = try await LabelingWorkflow(store: store).importLabelStudio(
                    export, task: task, parent: parentSet, name: name, author: author, fallbackAuthor: defaultAuthor())
                return print(
                    Self.written(set)
                        + "; \(export.annotations.count) annotated tasks, \(export.unannotated) without an annotation")
            }
            let result: LabelImport
            if let name = facet.facet {
                result = try await LabelingWorkflow(store: store).importFacet(
                    name, task: task, facets: facet.facets, name: self.name, author: author ?? defaultAuthor())
            } else {
                let source: LabelSource = try attribute.map { .attribute($0) } ?? .file(LabelFile(path: file ?? ""))
                result = try await store.importLabels(
                    task: task, from: source, name: name, author: author ?? defaultAuthor())
            }
            for failure in result.failures {
                printError("\(file ?? ""):\(failure.line): track '\(failure.track)': \(failure.message)")
            }
            print(Self.written(result.labelSet))
            if !result.failures.isEmpty {
                print("\(result.failures.count) rows skipped (listed above)")
                throw ExitCode(partialFailureExitCode)
            }
        }

        /// The line that says which set was written.
        private static func written(_ set: LabelSet) -> String {
            "Wrote label set \(set.reference) (\(set.task)): \(set.labeledTracks) tracks, classes \(set.classCounts())"
        }
    }
}
