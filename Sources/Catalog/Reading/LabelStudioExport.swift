import Foundation

/// The annotations of a Label Studio JSON export: per task, the choices of its latest annotation
/// that was not cancelled, and who made it.
///
/// Tasks are matched to tracks by `data.track_id` (what `tagmine export --format labelstudio` writes);
/// a task without a usable annotation is counted, not an error.
public struct LabelStudioExport: Sendable {
    /// One task's annotation.
    public struct Annotation: Sendable, Equatable {
        /// The task's id in Label Studio.
        public var task: Int
        /// The catalogue id of its track.
        public var trackID: String
        /// The classes chosen.
        public var classes: [String]
        /// Who annotated it (an e-mail address or a user id), when the export says.
        public var annotator: String?
    }

    /// The file, as given.
    public let path: String
    /// The annotated tasks, in file order.
    public let annotations: [Annotation]
    /// Tasks with no annotation, or only cancelled ones.
    public let unannotated: Int

    /// Reads a Label Studio JSON export (a list of tasks).
    public init(path: String) throws(CatalogError) {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CatalogError(.fileNotFound, file: path, "cannot read the file")
        }
        guard let tasks = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw CatalogError(
                .malformedJSON, file: path, "not a Label Studio JSON export (a list of tasks)",
                hint: "Export the project from Label Studio as JSON")
        }
        var annotations: [Annotation] = []
        var unannotated = 0
        for (position, task) in tasks.enumerated() {
            let id = (task["id"] as? NSNumber)?.intValue ?? position + 1
            func invalid(_ problem: String) -> CatalogError {
                CatalogError(.malformedJSON, file: path, "task \(id): \(problem)")
            }
            guard let trackID = (task["data"] as? [String: Any])?["track_id"] as? String, !trackID.isEmpty else {
                throw invalid("its data has no track_id")
            }
            let made = (task["annotations"] as? [[String: Any]] ?? []).filter { $0["was_cancelled"] as? Bool != true }
            guard let latest = made.last else {
                unannotated += 1
                continue
            }
            var classes: [String] = []
            for result in latest["result"] as? [[String: Any]] ?? [] where result["type"] as? String == "choices" {
                guard let chosen = (result["value"] as? [String: Any])?["choices"] as? [String] else {
                    throw invalid("a choices result without a list of choices")
                }
                classes += chosen.filter { !classes.contains($0) }
            }
            guard !classes.isEmpty else {
                unannotated += 1
                continue
            }
            let annotator: String? =
                switch latest["completed_by"] {
                case let user as [String: Any]: (user["email"] as? String) ?? (user["id"] as? NSNumber)?.stringValue
                case let number as NSNumber: number.stringValue
                default: nil
                }
            annotations.append(Annotation(task: id, trackID: trackID, classes: classes, annotator: annotator))
        }
        self.annotations = annotations
        self.unannotated = unannotated
    }
}
