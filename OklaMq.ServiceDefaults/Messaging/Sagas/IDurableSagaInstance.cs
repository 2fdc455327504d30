using MassTransit;

namespace OklaMq.ServiceDefaults.Messaging.Sagas;

/// <summary>
/// The state of one saga instance as <see cref="RedisSagaRepositoryContextFactory{TSaga}"/> stores
/// it: the state machine's current state by name, and the version that every write compares and
/// increments (optimistic concurrency). A timeout the instance waits for is a <c>Guid?</c> property
/// named <c>…Token</c> (MassTransit's schedule token), with the time it is due in <c>…DueAt</c>:
/// the inspection API lists those as the instance's pending timeouts.
/// </summary>
public interface IDurableSagaInstance : SagaStateMachineInstance, ISagaVersion
{
    string CurrentState { get; set; }
}
