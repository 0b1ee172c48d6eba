/// The folders a store's audio may come from: the server serves a track's file only from under one
/// of them, and import warns about paths outside all of them.
///
/// Containment here is lexical, on absolute normalised paths; the server also resolves symbolic
/// links before it asks.
///
/// ```swift
/// let roots = AudioRoots(["/srv/audio"])
/// roots.relativePath(of: "/srv/audio/a/1.wav")   // "a/1.wav"
/// roots.contains("/srv/users.toml")              // false
/// ```
public struct AudioRoots: Sendable, Equatable {
    /// The folders, absolute and normalised, deepest first.
    public let folders: [String]

    /// Creates the roots from absolute folders.
    public init(_ folders: [String]) {
        self.folders = Set(folders.map(AudioPathResolver.normalised)).sorted { ($0.count, $0) > ($1.count, $1) }
    }

    /// The deepest root that holds `path`, if any.
    public func root(of path: String) -> String? {
        root(ofNormalised: AudioPathResolver.normalised(path))
    }

    /// The deepest root that holds `path`, which is already absolute and normalised (as
    /// ``AudioPathResolver`` gives every catalogue path): import asks this once per track.
    public func root(ofNormalised path: String) -> String? {
        folders.first { folder in
            folder == "/"
                || (path.hasPrefix(folder) && path.utf8.count > folder.utf8.count
                    && path.utf8[path.utf8.index(path.utf8.startIndex, offsetBy: folder.utf8.count)]
                        == UInt8(ascii: "/"))
        }
    }

    /// Whether `path` lies under one of the roots.
    public func contains(_ path: String) -> Bool { root(of: path) != nil }

    /// `path` relative to the deepest root that holds it, or `nil` when none does: what a client
    /// sees instead of an absolute server path.
    public func relativePath(of path: String) -> String? {
        guard let root = root(of: path) else { return nil }
        return String(AudioPathResolver.normalised(path).dropFirst(root == "/" ? 1 : root.count + 1))
    }
}
