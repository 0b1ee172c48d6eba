import Hummingbird
import Store
import TextMining

/// `POST /api/label-sets/{id}/relabel`.
struct RelabelBody: Decodable {
    var operations: [RelabelOperation]
    var name: String?
    var note: String?
}

/// `POST /api/annotations`: corrections of single tracks on a named parent version.
struct AnnotationBody: Decodable {
    struct Correction: Decodable {
        var track: String
        /// The track's classes; empty removes its labels.
        var classes: [String]
        var note: String?
    }

    var parent: Int64
    var corrections: [Correction]
    var name: String?
    var note: String?
}
