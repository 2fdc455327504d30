using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OklaMq.ServiceDefaults.Messaging.Sagas;

/// <summary>
/// A state machine on the Redis saga repository, with OklaMq's rules written once:
/// <list type="bullet">
/// <item>the state is stored by name in <see cref="IDurableSagaInstance.CurrentState"/>;</item>
/// <item>an event the current state does not handle (a duplicate that reached a newer state, an event
/// after the saga finished, a timeout that was cancelled or superseded) is acknowledged and ignored,
/// with a log line and <c>okla_saga_messages_ignored_total{reason="not-handled-in-state"}</c>;</item>
/// <item>the states declared with <see cref="Finished"/> (and <c>Final</c>) end the saga: the instance
/// is kept in them, with a time to live, so that late events find it finished;</item>
/// <item>each event that cannot start an instance says what happens when there is none:
/// <see cref="IgnoreMissing{T}"/> or <see cref="DeadLetterMissing{T}"/>, once the instance was
/// looked for again for as long as a version conflict is retried (its creating transition schedules
/// its timeouts, and can be overtaken by an event, before it commits).</item>
/// </list>
/// Do not use <c>SetCompletedWhenFinalized</c>: a finished instance must stay until its time to live.
/// </summary>
public abstract partial class DurableStateMachine<TInstance> : MassTransitStateMachine<TInstance>
    where TInstance : class, IDurableSagaInstance
{
    private readonly HashSet<string> _finished = [];
    private readonly ILogger _logger;

    protected DurableStateMachine(DurableSaga<TInstance> saga, ILoggerFactory loggers)
    {
        Saga = saga;
        _logger = loggers.CreateLogger(GetType());
        InstanceState(x => x.CurrentState);
        OnUnhandledEvent(context =>
        {
            SagaTelemetry.Ignore(Saga, SagaTelemetry.Reasons.NotHandledInState, context.Event.Name);
            LogNotHandled(Saga.Name, context.Saga.CorrelationId, context.Event.Name, context.CurrentState.Name);
            return context.Ignore();
        });
    }

    public DurableSaga<TInstance> Saga { get; }

    /// <summary>The names of the states that end the saga, <c>Final</c> included.</summary>
    public IReadOnlySet<string> FinishedStates => _finished.Append(Final.Name).ToHashSet();

    public static IReadOnlySet<string> FinishedStateNames(SagaStateMachine<TInstance> machine) =>
        machine is DurableStateMachine<TInstance> durable ? durable.FinishedStates : new HashSet<string> { "Final" };

    /// <summary>Declares states that end the saga (besides <c>Final</c>).</summary>
    protected void Finished(params State[] states)
    {
        foreach (var state in states)
        {
            _finished.Add(state.Name);
        }
    }

    /// <summary>Missing-instance policy: acknowledge the event, with a log line and <c>okla_saga_messages_ignored_total{reason="missing-instance"}</c>.</summary>
    protected IPipe<ConsumeContext<T>> IgnoreMissing<T>(IMissingInstanceConfigurator<TInstance, T> missing) where T : class =>
        missing.Execute(context =>
        {
            LookAgainWhileItMayBeOnItsWay(context);
            SagaTelemetry.Ignore(Saga, SagaTelemetry.Reasons.MissingInstance, typeof(T).Name);
            LogMissing(Saga.Name, context.CorrelationId, typeof(T).Name);
        });

    /// <summary>Missing-instance policy: dead-letter the event at once, with the reason (<see cref="SagaInstanceMissingException"/>).</summary>
    protected IPipe<ConsumeContext<T>> DeadLetterMissing<T>(IMissingInstanceConfigurator<TInstance, T> missing) where T : class =>
        missing.Execute(context =>
        {
            LookAgainWhileItMayBeOnItsWay(context);
            throw new SagaInstanceMissingException(Saga.Name, typeof(T).Name, context.CorrelationId ?? Guid.Empty);
        });

    /// <summary>
    /// The transition that creates an instance schedules its timeouts before it commits, and under load a
    /// short timeout (or an event that overtook the first one) can arrive before that commit: so a missing
    /// instance is read again, as a version conflict is (<see cref="SagaOptions.ConflictRetryLimit"/>
    /// in-place retries, up to about 15 s with the default), before the missing-instance policy applies.
    /// </summary>
    private void LookAgainWhileItMayBeOnItsWay(ConsumeContext context)
    {
        var limit = context.GetPayload<IServiceProvider>().GetRequiredService<IOptions<SagaOptions>>().Value.ConflictRetryLimit;
        if (context.GetRetryAttempt() < limit)
        {
            var id = context.CorrelationId ?? Guid.Empty;
            throw new ConcurrencyException($"Saga {Saga.Name} has no instance {id} yet; it is read again, in case its first commit is on its way.", typeof(TInstance), id);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Saga {Saga} {SagaId} ignored {Event}: not handled in state {State}")]
    private partial void LogNotHandled(string saga, Guid sagaId, string @event, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Saga {Saga} has no instance {SagaId} for {Message}; ignored")]
    private partial void LogMissing(string saga, Guid? sagaId, string message);
}
