using MassTransit;
using Microsoft.Extensions.Options;
using OklaMq.Contracts.Commands;
using OklaMq.Contracts.Events;
using OklaMq.ServiceDefaults.Messaging.Sagas;
using OklaMq.VehiclesService.Infrastructure;
using OklaMq.VehiclesService.Model;

namespace OklaMq.VehiclesService.Sagas;

/// <summary>
/// MQ-SAGA-004 (docs/sagas.md): <c>lead.created</c> starts it; if the dealer has not changed the
/// lead's status after <see cref="LeadFollowUpSagaSettings.ReminderAfter"/>, the dealer gets a push
/// and an SMS; after <see cref="LeadFollowUpSagaSettings.EscalateAfter"/>, an email to the dealer's
/// account and the lead is marked <c>Unattended</c>. A status change by the dealer
/// (<c>lead.status.changed</c>) ends it at any step, also after the escalation, and also when it
/// arrives before the lead's creation.
/// </summary>
public sealed class LeadFollowUpStateMachine : DurableStateMachine<LeadFollowUpState>
{
    public const string ReminderTemplate = "LeadReminder";
    public const string EscalationTemplate = "LeadUnattended";

    public LeadFollowUpStateMachine(DurableSaga<LeadFollowUpState> saga, IOptions<LeadFollowUpSagaSettings> options, LeadRepository leads, TimeProvider clock, ILoggerFactory loggers)
        : base(saga, loggers)
    {
        var settings = options.Value;
        Event(() => Created, e => e.CorrelateById(m => m.Message.LeadId));
        Event(() => StatusChanged, e => e.CorrelateById(m => m.Message.LeadId));
        Schedule(() => Reminder, x => x.ReminderToken, s =>
            s.Received = e => e.CorrelateById(m => m.Message.CorrelationId).OnMissingInstance(IgnoreMissing));
        Schedule(() => Escalation, x => x.EscalationToken, s =>
            s.Received = e => e.CorrelateById(m => m.Message.CorrelationId).OnMissingInstance(IgnoreMissing));
        Finished(Answered, Escalated);

        Initially(
            When(Created)
                .Then(context =>
                {
                    var now = clock.GetUtcNow().UtcDateTime;
                    context.Saga.VehicleId = context.Message.VehicleId;
                    context.Saga.DealerId = context.Message.DealerId;
                    context.Saga.CreatedAt = context.Message.CreatedAt;
                    context.Saga.ReminderDueAt = now + settings.ReminderAfter;
                    context.Saga.EscalationDueAt = now + settings.EscalateAfter;
                })
                .Schedule(Reminder, context => new LeadReminderDue(context.Saga.CorrelationId), context => context.Saga.ReminderDueAt!.Value)
                .Schedule(Escalation, context => new LeadEscalationDue(context.Saga.CorrelationId), context => context.Saga.EscalationDueAt!.Value)
                .TransitionTo(AwaitingResponse),
            // Out of order: the dealer answered before the saga saw the lead. Nothing left to follow.
            When(StatusChanged, DealerAnswered)
                .Then(Answer)
                .TransitionTo(Answered));

        During(AwaitingResponse, Reminded, Escalated,
            When(StatusChanged, DealerAnswered)
                .Unschedule(Reminder)
                .Unschedule(Escalation)
                .Then(Answer)
                .TransitionTo(Answered));

        During(AwaitingResponse,
            When(Reminder.Received)
                .Then(context => context.Saga.RemindedAt = clock.GetUtcNow().UtcDateTime)
                .PublishOnCommit(context => new SendPushCommand
                {
                    NotificationId = NewId.NextGuid(),
                    RecipientUserId = context.Saga.DealerId,
                    Title = "Un cliente espera tu respuesta",
                    Body = "Tienes un interesado sin respuesta en tu vehículo. Contáctalo pronto.",
                    Template = ReminderTemplate,
                    Data = new() { ["leadId"] = context.Saga.CorrelationId.ToString(), ["vehicleId"] = context.Saga.VehicleId.ToString() },
                    RequestedAt = DateTime.UtcNow,
                })
                // OKLA keeps no dealer phone numbers: the SMS is addressed to the dealer's account.
                .PublishOnCommit(context => new SendSmsCommand
                {
                    NotificationId = NewId.NextGuid(),
                    RecipientUserId = context.Saga.DealerId,
                    Text = "OKLA: tienes un interesado sin respuesta en tu vehículo. Contáctalo pronto.",
                    Template = ReminderTemplate,
                    RequestedAt = DateTime.UtcNow,
                })
                .TransitionTo(Reminded));

        During(AwaitingResponse, Reminded,
            When(Escalation.Received)
                .Unschedule(Reminder)
                .ThenAsync(context => MarkUnattendedAsync(leads, context.Saga.CorrelationId, clock))
                .Then(context => context.Saga.EscalatedAt = clock.GetUtcNow().UtcDateTime)
                // No address: Notification's email channel sends it to the address it knows for the dealer's account.
                .PublishOnCommit(context => new SendEmailCommand
                {
                    NotificationId = NewId.NextGuid(),
                    RecipientUserId = context.Saga.DealerId,
                    Subject = "Tienes un interesado sin atender en OKLA",
                    Body = "Un cliente se interesó en tu vehículo hace un día y aún no le respondes. Marcamos el contacto como no atendido; respóndele cuanto antes.",
                    Template = EscalationTemplate,
                    RequestedAt = DateTime.UtcNow,
                })
                .TransitionTo(Escalated));
    }

    public State AwaitingResponse { get; private set; } = null!;
    public State Reminded { get; private set; } = null!;
    public State Escalated { get; private set; } = null!;
    public State Answered { get; private set; } = null!;

    public Event<LeadCreatedEvent> Created { get; private set; } = null!;
    public Event<LeadStatusUpdatedEvent> StatusChanged { get; private set; } = null!;

    public Schedule<LeadFollowUpState, LeadReminderDue> Reminder { get; private set; } = null!;
    public Schedule<LeadFollowUpState, LeadEscalationDue> Escalation { get; private set; } = null!;

    /// <summary>A status change the dealer made; not the saga's own mark (its change to Unattended comes back as an event too).</summary>
    private static bool DealerAnswered(BehaviorContext<LeadFollowUpState, LeadStatusUpdatedEvent> context) =>
        context.Message.NewStatus != LeadStatuses.Unattended;

    private static void Answer(BehaviorContext<LeadFollowUpState, LeadStatusUpdatedEvent> context)
    {
        context.Saga.AnsweredAt = context.Message.UpdatedAt;
        context.Saga.AnsweredWith = context.Message.NewStatus;
    }

    /// <summary>
    /// Marks the lead Unattended (with its lead.status.changed, through the outbox) if its status is
    /// still New. Outside the saga's commit, so idempotent on its own: a compare-and-set on the lead,
    /// which a retried or repeated escalation finds done (or answered) and leaves alone.
    /// </summary>
    private static async Task MarkUnattendedAsync(LeadRepository leads, Guid leadId, TimeProvider clock)
    {
        if (await leads.FindAsync(leadId) is not { Value.Status: LeadStatuses.New } stored)
        {
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await leads.UpdateAsync(stored, stored.Value with { Status = LeadStatuses.Unattended, UpdatedAt = now }, leadId, new LeadStatusUpdatedEvent
        {
            LeadId = leadId,
            OldStatus = LeadStatuses.New,
            NewStatus = LeadStatuses.Unattended,
            UpdatedAt = now,
        });
    }
}
