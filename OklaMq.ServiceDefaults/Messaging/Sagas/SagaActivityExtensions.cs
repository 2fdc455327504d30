using MassTransit;

namespace OklaMq.ServiceDefaults.Messaging.Sagas;

/// <summary>State machine activities of durable sagas.</summary>
public static class SagaActivityExtensions
{
    /// <summary>
    /// Publishes the message (a type of the routing table: an event or a notification command) once
    /// this transition commits, through the service's outbox (<see cref="SagaOutbox"/>), instead of
    /// at once as MassTransit's <c>Publish</c> would: a transition that loses a version conflict or
    /// dies before its commit must not have told anyone.
    /// </summary>
    public static EventActivityBinder<TInstance, TData> PublishOnCommit<TInstance, TData, TMessage>(
        this EventActivityBinder<TInstance, TData> binder, Func<BehaviorContext<TInstance, TData>, TMessage> message)
        where TInstance : class, IDurableSagaInstance
        where TData : class
        where TMessage : class =>
        binder.Then(context => SagaOutbox.Of(context).Publish(message(context), context.Saga.CorrelationId));
}
