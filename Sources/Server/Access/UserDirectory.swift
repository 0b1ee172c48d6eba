import Foundation
import TOMLKit
import TextMining

/// What a user may do.
public enum Role: String, Sendable, Codable, Comparable, CaseIterable {
    /// Read everything.
    case viewer
    /// Read, and write label versions (relabel, annotations).
    case annotator
    /// Everything an annotator may.
    case admin

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A person the server knows by token.
public struct User: Sendable, Equatable, Codable {
    public var name: String
    public var role: Role

    public init(name: String, role: Role) {
        self.name = name
        self.role = role
    }
}

/// The users and their tokens, from a TOML file:
///
/// ```toml
/// [[user]]
/// name = "aiko"
/// token = "a long random string"
/// role = "annotator"      # viewer | annotator | admin
/// ```
public struct UserDirectory: Sendable {
    private let users: [String: User]

    /// A directory of `(token, user)` pairs.
    public init(_ entries: [(token: String, user: User)]) {
        users = Dictionary(entries.map { ($0.token, $0.user) }, uniquingKeysWith: { first, _ in first })
    }

    /// The user holding `token`.
    public func user(token: String) -> User? { users[token] }

    /// Reads a users file; every user needs a name, a token of at least 16 characters and a known role.
    public static func load(path: String) throws -> UserDirectory {
        let text: String
        do {
            text = try TextFile.readTOML(path: path)
        } catch {
            throw ServerSetupError("cannot read the users file: \(error)")
        }
        struct File: Decodable {
            struct Entry: Decodable {
                var name: String
                var token: String
                var role: String
            }
            var user: [Entry]
        }
        let file: File
        do {
            file = try TOMLDecoder().decode(File.self, from: text)
        } catch {
            throw ServerSetupError("\(path): not a users file ([[user]] tables with name, token, role): \(error)")
        }
        var entries: [(String, User)] = []
        for (index, entry) in file.user.enumerated() {
            guard let role = Role(rawValue: entry.role) else {
                throw ServerSetupError(
                    "\(path): user \(index + 1) '\(entry.name)': role must be viewer, annotator or admin")
            }
            guard !entry.name.trimmingWhitespaceScalars().isEmpty else {
                throw ServerSetupError("\(path): user \(index + 1) has a blank name; give every user a name")
            }
            guard entry.token == entry.token.trimmingWhitespaceScalars(),
                !entry.token.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 })
            else {
                throw ServerSetupError(
                    "\(path): user \(index + 1) '\(entry.name)': the token has white space or control characters, "
                        + "which no Authorization header can carry; use letters, digits and punctuation")
            }
            guard entry.token.count >= 16 else {
                throw ServerSetupError(
                    "\(path): user \(index + 1) '\(entry.name)': the token must have at least 16 characters")
            }
            entries.append((entry.token, User(name: entry.name, role: role)))
        }
        guard Set(entries.map(\.0)).count == entries.count else {
            throw ServerSetupError("\(path): two users share a token; give each their own")
        }
        return UserDirectory(entries)
    }
}

/// A server that cannot start, with why.
public struct ServerSetupError: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
