import Evaluation
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Store
import Testing
import TextMining
import Workflows

@testable import Server

/// A suggestion's operations are relabel operations: the CLI renders them as options, the UI posts
/// them as they are.
@Suite struct RelabelOperationTests {
    @Test func everyOperationRendersAsTheOptionTheCommandLineParsesBack() throws {
        let operations: [RelabelOperation] = [
            .drop("pops"), .merge(["rock", "metal"], into: "rock"), .rename("pops", to: "pop"),
            .set(track: "曲 1", classes: ["ballad", "jazz"], note: nil), .unset(track: "T 2", note: nil),
            .rethreshold(.quantile(0.1)),
        ]
        #expect(
            operations.map(\.commandArguments) == [
                "--drop pops", "--merge rock,metal=rock", "--rename pops=pop", "--set '曲 1=ballad+jazz'",
                "--unset 'T 2'", "--rethreshold --quantile 0.1",
            ])
        #expect(try RelabelOperation.merge(parsing: "rock,metal=rock") == operations[1])
        #expect(try RelabelOperation.rename(parsing: "pops=pop") == operations[2])
        #expect(try RelabelOperation.set(parsing: "曲 1=ballad+jazz", note: nil) == operations[3])
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
        let suggestion = [RelabelOperation.merge([first, second], into: first)]
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
