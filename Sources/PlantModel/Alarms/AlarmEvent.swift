/// One line of the alarm journal: a transition of one alarm, or an operator's action on it.
public struct AlarmEvent: Sendable, Codable, Equatable {
    public var time: Double
    public var iso: String
    public var plant: String
    public var alarm: String
    public var target: String
    public var event: Alarm.Transition
    public var priority: AlarmPriority
    public var state: AlarmState
    public var value: Double?
    public var message: String
    /// Who did it, for operator actions (acknowledge, shelve).
    public var operatorName: String?
    public var shelvedUntil: Double?

    enum CodingKeys: String, CodingKey {
        case time, iso, plant, alarm, target, event, priority, state, value, message
        case operatorName = "operator"
        case shelvedUntil = "shelved_until"
    }
}
