import ArgumentParser
import Catalog
import Evaluation
import Foundation
import Learning
import Store
import Workflows

/// Report formats.
enum ReportFormat: String, CaseIterable, ExpressibleByArgument {
    case text, csv, json, svg, html, jsonl
}

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A run's out-of-fold report: classification report, confusion matrix, class quality, review queue.",
        discussion: """
            Formats: text (default), csv (the classification report), json (everything), svg (heat map,
            precision / recall bars, training curves), html (all of it on one page). With --predictions:
            every track's given and predicted label, fold and class probabilities, as csv or jsonl.
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "The run (name or id).") var run: String
    @Option(help: "text, csv, json, svg or html (jsonl with --predictions).") var format: ReportFormat = .text
    @Option(
        help: "Confusion matrix shares: none (counts), true (rows), pred (columns) or all.",
        transform: {
            try choice(
                $0, as: ConfusionMatrix.Normalization.init(rawValue:), choices: ConfusionMatrix.Normalization.allCases)
        })
    var normalize: ConfusionMatrix.Normalization = .none
    @Flag(help: "Per-track predictions instead of the report.") var predictions = false
    @Option(help: "For a multi-task run: the task's label version (name or id) to report.") var task: String?
    @Option(help: "Digits in the text report.") var digits = 2
    @Option(help: "Write to this file instead of standard output.") var out: String?

    func validate() throws {
        if predictions && ![.csv, .jsonl].contains(format) {
            throw ValidationError("--predictions takes --format csv or jsonl")
        }
        if !predictions && format == .jsonl { throw ValidationError("--format jsonl goes with --predictions") }
        if !(1...8).contains(digits) { throw ValidationError("--digits must be 1–8") }
    }

    func run() async throws {
        let store = try store.open()
        var run = try await store.run(named: self.run)
        if let task { run = try await Self.taskRun(of: run, task: task, store) }
        let output: String
        if run.multiLabel && !predictions {
            let document = try await ReportWorkflow(store: store).multiLabelDocument(run)
            switch format {
            case .text: output = Self.text(document, digits: digits)
            case .csv: output = Self.csv(document.report)
            case .json: output = String(decoding: try document.json(), as: UTF8.self) + "\n"
            case .svg, .html, .jsonl:
                throw ValidationError("a multi-label run's report is text, csv or json")
            }
        } else if predictions {
            output = try await predictionRows(store, run)
        } else {
            let document = try await ReportWorkflow(store: store).document(run, normalization: normalize)
            switch format {
            case .text: output = Self.text(document, digits: digits)
            case .csv: output = Self.csv(document.report)
            case .json: output = String(decoding: try document.json(), as: UTF8.self) + "\n"
            case .svg: output = SVGReport.document(document, title: "Run \(run.id) on \(document.run.labelSet)")
            case .html: output = HTMLReport.page(document)
            case .jsonl: output = ""
            }
        }
        if let out {
            try Data(output.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            printError("Wrote \(out)")
        } else {
            print(output, terminator: "")
        }
    }

    /// The run of `run`'s multi-task training whose label version is `task` (by name or id).
    static func taskRun(of run: Run, task: String, _ store: Store) async throws -> Run {
        let runs = try await store.taskRuns(of: run)
        var names: [String] = []
        for candidate in runs {
            let set = try await store.labelSet(candidate.labelSetID)
            if set.name == task || "\(set.id)" == task { return candidate }
            names.append(set.name ?? "\(set.id)")
        }
        guard run.taskGroup != nil else {
            throw ValidationError("run \(run.id) has one task; --task is for multi-task runs (train --tasks)")
        }
        throw ValidationError("run \(run.id)'s tasks are \(names.joined(separator: ", ")), not '\(task)'")
    }

    private func predictionRows(_ store: Store, _ run: Run) async throws -> String {
        // Per track: the predicted classes, and whether the review would look at it (confident
        // learning's flag; for a multi-label run, any class on the other side of its threshold).
        var rows: [(prediction: RunPrediction, predicted: [String], flagged: Bool)] = []
        if run.multiLabel {
            let thresholds = try await TrainingWorkflow(store: store).thresholds(of: run)
            for prediction in try await store.predictions(of: run) {
                let predicted = prediction.probabilities.indices.filter {
                    prediction.probabilities[$0] >= thresholds[$0]
                }
                rows.append((prediction, predicted.map { run.classes[$0] }, Set(predicted) != Set(prediction.given)))
            }
        } else {
            let evaluation = try await ReportWorkflow(store: store).evaluation(of: run)
            let flagged = Set(evaluation.analysis.issues.map(\.track))
            rows = evaluation.predictions.enumerated().map { index, prediction in
                (prediction, [run.classes[prediction.predicted]], flagged.contains(index))
            }
        }
        var text = ""
        if format == .csv {
            text =
                CSVWriting.line(["track_id", "given", "predicted", "fold", "flagged"] + run.classes.map { "p:" + $0 })
                + "\n"
        }
        for (prediction, predicted, flagged) in rows {
            let given = prediction.given.map { run.classes[$0] }
            if format == .csv {
                let fields: [CSVCell] =
                    [
                        .text(given.joined(separator: "|")), .text(predicted.joined(separator: "|")),
                        .integer(prediction.fold), .integer(flagged ? 1 : 0),
                    ] + prediction.probabilities.map { .decimal(Double($0)) }
                text += CSVWriting.line([.text(prediction.catalogueID)] + fields) + "\n"
            } else {
                let object: [String: Any] = [
                    "track_id": prediction.catalogueID, "given": given,
                    "predicted": run.multiLabel ? predicted as Any : predicted[0] as Any, "fold": prediction.fold,
                    "flagged": flagged,
                    "probabilities": Dictionary(
                        uniqueKeysWithValues: zip(run.classes, prediction.probabilities.map(Double.init))),
                ]
                let data = try JSONSerialization.data(
                    withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                text += String(decoding: data, as: UTF8.self) + "\n"
            }
        }
        return text
    }

    static func text(_ document: ReportDocument, digits: Int) -> String {
        let run = document.run
        var text =
            "Run \(run.id)\(run.name.map { " '\($0)'" } ?? "") on \(run.labelSet): \(run.model) on \(run.extractor), "
            + "\(run.folds) folds, \(run.tracks) tracks with out-of-fold predictions (\(run.skipped) skipped)\n\n"
        text += metrics(document, digits: digits) + "\n"
        text += details(document)
        return text
    }

    /// The classification report and the confusion matrix with class names.
    static func metrics(_ document: ReportDocument, digits: Int = 2) -> String {
        var text = document.report.text(digits: digits) + "\n"
        let shares = document.normalization != .none
        text +=
            "Confusion matrix (rows: given label, columns: predicted"
            + (shares ? ", normalised by \(document.normalization.rawValue)" : "") + "):\n"
        var matrix = Table(header: ["given \\ predicted"] + document.classes)
        matrix.rightAligned = Set(1...document.classes.count)
        matrix.rows = document.classes.indices.map { row in
            [document.classes[row]]
                + document.classes.indices.map {
                    shares
                        ? String(format: "%.2f", document.normalized[row][$0]) : "\(document.confusion.counts[row][$0])"
                }
        }
        return text + matrix.render() + "\n"
    }

    /// Class quality, the most confused pairs and the head of the review queue.
    static func details(_ document: ReportDocument) -> String {
        var text = "Class quality, worst first (self-confidence: mean out-of-fold probability of the given label):\n"
        var quality = Table(header: ["class", "tracks", "self-confidence", "flagged", "F1"])
        quality.rightAligned = [1, 2, 3, 4]
        quality.rows = document.quality.map {
            [
                $0.name, "\($0.tracks)", String(format: "%.3f", $0.selfConfidence),
                "\($0.flagged) (\(String(format: "%.0f%%", 100 * $0.flaggedShare)))", String(format: "%.3f", $0.f1),
            ]
        }
        text += quality.render() + "\n"
        if !document.overlaps.isEmpty {
            text += "\nMost confused pairs:\n"
            for overlap in document.overlaps.prefix(5) {
                text +=
                    "  \(overlap.first) ↔ \(overlap.second): \(overlap.firstAsSecond) + \(overlap.secondAsFirst) tracks ("
                    + String(format: "%.0f %%", 100 * overlap.share) + " of both)\n"
            }
        }
        text += "\nReview queue: \(document.queue.count) tracks look mislabeled"
        if !document.queue.isEmpty {
            text += "; the first \(min(10, document.queue.count)):\n"
            var queue = Table(header: ["track", "given", "p(given)", "predicted", "p(predicted)"])
            queue.rightAligned = [2, 4]
            queue.rows = document.queue.prefix(10).map {
                [
                    $0.track, $0.issue.given, String(format: "%.3f", $0.issue.givenProbability), $0.issue.predicted,
                    String(format: "%.3f", $0.issue.predictedProbability),
                ]
            }
            text += queue.render() + "\n"
        } else {
            text += "\n"
        }
        return text
    }

    /// A multi-label run's report: scikit-learn's classification report, the ranking metrics per
    /// class, and the head of the review queue.
    static func text(_ document: MultiLabelDocument, digits: Int) -> String {
        let run = document.run, report = document.report
        var text =
            "Run \(run.id)\(run.name.map { " '\($0)'" } ?? "") on \(run.labelSet): \(run.model) on \(run.extractor), "
            + "\(run.folds) folds, \(run.tracks) tracks with out-of-fold predictions (\(run.skipped) skipped), "
            + "multi-label\n\n"
        text += report.text(digits: digits) + "\n"
        func number(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "—" }
        var table = Table(header: ["class", "threshold", "ROC-AUC", "average precision"])
        table.rightAligned = [1, 2, 3]
        table.rows =
            report.classes.map {
                [$0.row.name, String(format: "%.2f", $0.threshold), number($0.rocAUC), number($0.averagePrecision)]
            } + [
                ["micro", "", number(report.microROCAUC), number(report.microAveragePrecision)],
                ["macro", "", number(report.macroROCAUC), number(report.macroAveragePrecision)],
            ]
        text += "Ranking (out-of-fold probabilities, no threshold; — where a class has no positives or no negatives):\n"
        text += table.render() + "\n\n"
        guard !document.queue.isEmpty else { return text + "Review queue: the model agrees with every label.\n" }
        text += "Review queue (\(document.queue.count) strongest disagreements; first 10):\n"
        var queue = Table(header: ["track", "class", "given", "probability", "threshold"])
        queue.rightAligned = [3, 4]
        queue.rows = document.queue.prefix(10).map {
            [
                $0.track, $0.className, $0.given ? "yes (doubted)" : "no (missing?)",
                String(format: "%.3f", $0.probability),
                String(format: "%.2f", $0.threshold),
            ]
        }
        return text + queue.render() + "\n"
    }

    static func csv(_ report: MultiLabelReport) -> String {
        func line(_ row: ClassificationReport.Row, _ extra: [CSVCell]) -> String {
            CSVWriting.line(
                [
                    .text(row.name), .decimal(row.precision), .decimal(row.recall), .decimal(row.f1),
                    .integer(row.support),
                ]
                    + extra)
        }
        func optional(_ value: Double?) -> CSVCell { value.map { .decimal($0) } ?? "" }
        let header = CSVWriting.line(
            ["class", "precision", "recall", "f1", "support", "threshold", "roc_auc", "average_precision"])
        let rows = report.classes.map {
            line($0.row, [.decimal($0.threshold), optional($0.rocAUC), optional($0.averagePrecision)])
        }
        let averages = [
            line(report.micro, ["", optional(report.microROCAUC), optional(report.microAveragePrecision)]),
            line(report.macro, ["", optional(report.macroROCAUC), optional(report.macroAveragePrecision)]),
            line(report.weighted, ["", "", ""]), line(report.samples, ["", "", ""]),
        ]
        return ([header] + rows + averages).joined(separator: "\n") + "\n"
    }

    static func csv(_ report: ClassificationReport) -> String {
        func line(_ row: ClassificationReport.Row) -> String {
            CSVWriting.line([
                .text(row.name), .decimal(row.precision), .decimal(row.recall), .decimal(row.f1), .integer(row.support),
            ])
        }
        var rows = [CSVWriting.line(["class", "precision", "recall", "f1", "support"])] + report.classes.map(line)
        if let accuracy = report.accuracy {
            rows.append(
                CSVWriting.line(["accuracy", "", "", .decimal(accuracy), .integer(report.macro.support)]))
        }
        if let micro = report.micro { rows.append(line(micro)) }
        rows += [line(report.macro), line(report.weighted)]
        return rows.joined(separator: "\n") + "\n"
    }
}

struct Suggest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Next steps for a run's label version, each a ready command with the figures behind it.")

    @OptionGroup var store: StoreOptions
    @Argument(help: "The run (name or id).") var run: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let store = try store.open()
        let document = try await ReportWorkflow(store: store).document(try await store.run(named: run))
        if json { return try printJSON(document.suggestions) }
        if document.suggestions.isEmpty {
            print("Nothing to suggest: no class falls far below the others and no pair is confused enough to merge.")
        }
        for (index, suggestion) in document.suggestions.enumerated() {
            print("\(index + 1). \(suggestion.command)\n   \(suggestion.reason)")
        }
        if !document.traces.isEmpty {
            print("\nWhere the disputed labels came from:")
            for trace in document.traces { print("  " + trace) }
        }
        if let opinion = document.secondOpinion {
            let mapped = opinion.tags.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }
            print(
                "\nA second opinion: \(opinion.model) heard \(opinion.tracks) of the tracks and contradicts the text-mined "
                    + "label on \(opinion.disagreements.count) (tags standing for classes: "
                    + (mapped.isEmpty ? "none" : mapped.joined(separator: ", ")) + ")")
            for disagreement in opinion.disagreements.prefix(10) {
                print("  " + disagreement.sentence(model: opinion.model))
            }
            if opinion.disagreements.count > 10 {
                print("  … and \(opinion.disagreements.count - 10) more (tagmine report --format json: secondOpinion)")
            }
        }
    }
}

struct Compare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Compare runs: accuracy, macro F1 and per-class precision / recall / F1 for the classes they share.",
        discussion: """
            Two runs: each metric before and after, and the change. Three or more (the transfer-learning
            comparison: `tagmine compare stats extraction dense backend all cnn`): one row per run with its
            model, features, accuracy, macro F1 and training time, then each class's F1 per run. Runs on
            different folds are compared all the same, with a warning: their out-of-fold figures are not
            from the same held-out tracks.
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "The runs (names or ids), at least two.") var runs: [String]

    func validate() throws {
        if runs.count < 2 { throw ValidationError("compare takes at least two runs") }
    }

    func run() async throws {
        let store = try store.open()
        let reports = ReportWorkflow(store: store)
        var documents: [ReportDocument] = [], stored: [Run] = []
        for name in runs {
            let run = try await store.run(named: name)
            stored.append(run)
            documents.append(try await reports.document(run))
        }
        if Set(stored.map(\.splitID)).count > 1 {
            printError(
                "Warning: these runs used different splits (\(stored.map { "run \($0.id): split \($0.splitID)" }.joined(separator: ", "))); "
                    + "their out-of-fold figures come from different held-out tracks")
        }
        guard documents.count == 2 else { return print(Self.table(documents), terminator: "") }
        let (a, b) = (documents[0], documents[1])
        print("Run \(a.run.id) (\(a.run.labelSet)) → run \(b.run.id) (\(b.run.labelSet))\n")
        var summary = Table(header: ["", "run \(a.run.id)", "run \(b.run.id)", "change"])
        summary.rightAligned = [1, 2, 3]
        func row(_ name: String, _ x: Double, _ y: Double) -> [String] {
            [name, String(format: "%.3f", x), String(format: "%.3f", y), String(format: "%+.3f", y - x)]
        }
        summary.rows = [
            row("accuracy", a.report.accuracy ?? .nan, b.report.accuracy ?? .nan),
            row("macro F1", a.report.macro.f1, b.report.macro.f1),
            row("weighted F1", a.report.weighted.f1, b.report.weighted.f1),
            ["tracks", "\(a.run.tracks)", "\(b.run.tracks)", String(format: "%+d", b.run.tracks - a.run.tracks)],
        ]
        print(summary.render())
        let second = Dictionary(uniqueKeysWithValues: b.report.classes.map { ($0.name, $0) })
        var classes = Table(header: ["class", "precision", "recall", "F1", "F1 change"])
        classes.rightAligned = [1, 2, 3, 4]
        for first in a.report.classes {
            guard let other = second[first.name] else { continue }
            classes.rows.append([
                first.name, String(format: "%.2f → %.2f", first.precision, other.precision),
                String(format: "%.2f → %.2f", first.recall, other.recall),
                String(format: "%.2f → %.2f", first.f1, other.f1),
                String(format: "%+.2f", other.f1 - first.f1),
            ])
        }
        print("\n" + classes.render())
        let onlyFirst = a.classes.filter { !b.classes.contains($0) },
            onlySecond = b.classes.filter { !a.classes.contains($0) }
        if !onlyFirst.isEmpty { print("\nOnly in run \(a.run.id): " + onlyFirst.joined(separator: ", ")) }
        if !onlySecond.isEmpty { print("Only in run \(b.run.id): " + onlySecond.joined(separator: ", ")) }
    }
}

extension Compare {
    /// Runs side by side: one row each, then each class's F1 per run (classes of the first run
    /// first, then those only later runs have).
    static func table(_ documents: [ReportDocument]) -> String {
        var summary = Table(header: ["run", "model", "features", "accuracy", "macro F1", "train s"])
        summary.rightAligned = [3, 4, 5]
        summary.rows = documents.map { document in
            let run = document.run
            return [
                "\(run.id)\(run.name.map { " \($0)" } ?? "")", run.model,
                run.extractor.split(separator: " ").first.map(String.init) ?? "",
                String(format: "%.3f", document.report.accuracy ?? .nan),
                String(format: "%.3f", document.report.macro.f1),
                String(format: "%.1f", run.seconds),
            ]
        }
        var names: [String] = []
        for document in documents { for name in document.classes where !names.contains(name) { names.append(name) } }
        var classes = Table(header: ["F1"] + documents.map { "run \($0.run.id)" })
        classes.rightAligned = Set(1...documents.count)
        classes.rows = names.map { name in
            [name]
                + documents.map { document in
                    document.report.classes.first { $0.name == name }.map { String(format: "%.2f", $0.f1) } ?? "—"
                }
        }
        let labelSets = Set(documents.map(\.run.labelSet))
        return "Runs on " + labelSets.sorted().joined(separator: ", ") + "\n\n" + summary.render() + "\n\n"
            + classes.render() + "\n"
    }
}
