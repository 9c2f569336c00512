import HallDevices
import Testing

@Suite("A sign-in typed on a keypad's digit keys")
struct KeypadEntryTests {
    func press(_ entry: inout KeypadEntry, _ keys: [String]) -> [KeypadEntry.Step] { keys.map { entry.press($0) } }
    func digits(_ text: String) -> [String] { text.map { "digit-\($0)" } }

    @Test("the 工号 shows as typed, the PIN only as underscores; the second enter gives both")
    func entry() {
        var entry = KeypadEntry(digits: 4)
        #expect(entry.shown == "ID")
        #expect(press(&entry, digits("10012")).last == .typing("0012"))
        #expect(
            press(&entry, ["enter"] + digits("24681357")).map { if case .typing(let text) = $0 { text } else { "?" } } == [
                "P", "P_", "P__", "P___", "P___", "P___", "P___", "P___", "P___",
            ])
        #expect(entry.press("enter") == .entered(staff: "10012", pin: "24681357"))
    }

    @Test("enter with nothing typed waits; clear clears the field, then steps back, then ends the entry; other keys are ignored")
    func clear() {
        var entry = KeypadEntry(digits: 4)
        #expect(entry.press("enter") == .typing("ID"))
        #expect(press(&entry, digits("7") + ["enter", "enter"]) == [.typing("7"), .typing("P"), .typing("P")])
        #expect(press(&entry, digits("12") + ["clear"]) == [.typing("P_"), .typing("P__"), .typing("P")])
        #expect(entry.press("clear") == .typing("7"))
        #expect(entry.press("digit-x") == .typing("7"))
        #expect(entry.press("clear") == .typing("ID"))
        #expect(entry.press("clear") == .cancelled)
    }
}
