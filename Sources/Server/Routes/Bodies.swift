import Hummingbird
import Store
import TextMining

/// A relabel operation as the API takes it (the same fields the store records).
struct OperationBody: Decodable {
    var op: String
    var `class`: String?
    var sources: [String]?
    var into: String?
    var from: String?
    var to: String?
    var track: String?
    var classes: [String]?
    var note: String?
    /// `rethreshold`: scores at or below `low` negative, at or above `high` positive.
    var low: Double?
    var high: Double?

    func operation() throws -> RelabelOperation {
        if op == "rethreshold", let low, let high, low < high {
            return .rethreshold(.threshold(low: low, high: high))
        }
        switch (op, `class`, sources, into, from, to, track, classes) {
        case ("drop", let name?, _, _, _, _, _, _): return .drop(name)
        case ("merge", _, let sources?, let target?, _, _, _, _): return .merge(sources, into: target)
        case ("rename", _, _, _, let from?, let to?, _, _): return .rename(from, to: to)
        case ("set", _, _, _, _, _, let track?, let classes?): return .set(track: track, classes: classes, note: note)
        case ("unset", _, _, _, _, _, let track?, _): return .unset(track: track, note: note)
        default:
            throw APIError(
                .badRequest,
                "operation '\(op)' is incomplete or unknown: use drop {class}, merge {sources, into}, rename {from, to}, "
                    + "set {track, classes}, unset {track} or rethreshold {low, high}")
        }
    }
}

/// `POST /api/label-sets/{id}/relabel`.
struct RelabelBody: Decodable {
    var operations: [OperationBody]
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
