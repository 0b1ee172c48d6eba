import Evaluation
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Store
import Testing
import TextMining

@testable import Server

/// A suggestion's operations are relabel operations in the same JSON: the UI posts them as they are.
@Suite struct SuggestedOperationTests {
    @Test func everySuggestedOperationDecodesAsTheRelabelOperationItProposes() throws {
        let pairs: [(SuggestedOperation, RelabelOperation)] = [
            (.drop("pops"), .drop("pops")),
            (.merge(["rock", "metal"], into: "rock"), .merge(["rock", "metal"], into: "rock")),
            (
                .set(track: "曲 1", classes: ["ballad"], note: "heard"),
                .set(track: "曲 1", classes: ["ballad"], note: "heard")
            ),
        ]
        for (suggested, operation) in pairs {
            let json = try JSONEncoder().encode(suggested)
            #expect(try JSONDecoder().decode(RelabelOperation.self, from: json) == operation)
            #expect(try JSONDecoder().decode(SuggestedOperation.self, from: json) == suggested)
        }
    }

    @Test func relabelOperationsReadBackAsTheyAreRecorded() throws {
        let operations: [RelabelOperation] = [
            .drop("pops"), .merge(["a", "b"], into: "a"), .rename("pops", to: "pop"),
            .rethreshold(.threshold(low: -0.5, high: 0.5)), .rethreshold(.top(10)),
            .set(track: "T1", classes: ["x", "y"], note: nil), .unset(track: "T2", note: "gone"),
        ]
        let json = try JSONEncoder().encode(operations)
        #expect(try JSONDecoder().decode([RelabelOperation].self, from: json) == operations)
        let posted = Data(#"{"op":"rethreshold","low":-0.25,"high":0.5}"#.utf8)
        #expect(
            try JSONDecoder().decode(RelabelOperation.self, from: posted)
                == .rethreshold(.threshold(low: -0.25, high: 0.5)))
    }

    @Test func aSuggestionsOperationsPostedToTheAPIWriteTheVersionItProposes() async throws {
        let setup = try await TrainedStore()
        let first = setup.genre.classes[0], second = setup.genre.classes[1]
        let suggestion = [SuggestedOperation.merge([first, second], into: first)]
        let body = try JSONEncoder().encode(["operations": suggestion])
        try await setup.server().application().test(.router) { client in
            try await client.execute(
                uri: "/api/label-sets/\(setup.genre.id)/relabel", method: .post, headers: annotator,
                body: ByteBuffer(bytes: body)
            ) { response in
                #expect(response.status == .created)
                let set = try #require(try json(response) as? [String: Any])
                #expect(set["classes"] as? [String] == setup.genre.classes.filter { $0 != second })
            }
            try await client.execute(
                uri: "/api/label-sets/\(setup.genre.id)/relabel", method: .post, headers: annotator,
                body: ByteBuffer(string: #"{"operations":[{"op":"merge","sources":["\#(first)"]}]}"#)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("operation 'merge' needs 'into'"))
            }
        }
    }
}
