using MassTransit;
using Microsoft.Extensions.Options;
using OklaMq.Contracts.Commands;
using OklaMq.Contracts.Events;
using OklaMq.ServiceDefaults.Messaging.Sagas;

namespace OklaMq.AuthService.Sagas;

/// <summary>
/// MQ-SAGA-003 (docs/sagas.md): <c>user.registered</c> starts it; if the email is not verified after
/// <see cref="RegistrationSagaSettings.ReminderAfter"/>, a reminder email; after
/// <see cref="RegistrationSagaSettings.ExpireAfter"/>, the account is expired (an email says so).
/// <c>user.verified</c> ends it at any step, even after the expiry, and also when it arrives before
/// the registration (the saga then starts finished, and the late registration is ignored).
/// </summary>
public sealed class RegistrationStateMachine : DurableStateMachine<RegistrationState>
{
    public const string ReminderTemplate = "VerificationReminder";
    public const string ExpiredTemplate = "VerificationExpired";

    public RegistrationStateMachine(DurableSaga<RegistrationState> saga, IOptions<RegistrationSagaSettings> options, TimeProvider clock, ILoggerFactory loggers)
        : base(saga, loggers)
    {
        var settings = options.Value;
        Event(() => Registered, e => e.CorrelateById(m => m.Message.UserId));
        Event(() => EmailVerified, e => e.CorrelateById(m => m.Message.UserId));
        Schedule(() => Reminder, x => x.ReminderToken, s =>
        {
            s.Received = e => e.CorrelateById(m => m.Message.CorrelationId).OnMissingInstance(IgnoreMissing);
        });
        Schedule(() => Expiry, x => x.ExpiryToken, s =>
        {
            s.Received = e => e.CorrelateById(m => m.Message.CorrelationId).OnMissingInstance(IgnoreMissing);
        });
        Finished(Verified, Expired);

        Initially(
            When(Registered)
                .Then(context =>
                {
                    var now = clock.GetUtcNow().UtcDateTime;
                    context.Saga.Email = context.Message.Email;
                    context.Saga.FullName = context.Message.FullName;
                    context.Saga.RegisteredAt = context.Message.RegisteredAt;
                    context.Saga.ReminderDueAt = now + settings.ReminderAfter;
                    context.Saga.ExpiryDueAt = now + settings.ExpireAfter;
                })
                .Schedule(Reminder, context => new RegistrationReminderDue(context.Saga.CorrelationId), context => context.Saga.ReminderDueAt!.Value)
                .Schedule(Expiry, context => new RegistrationExpiryDue(context.Saga.CorrelationId), context => context.Saga.ExpiryDueAt!.Value)
                .TransitionTo(AwaitingVerification),
            // Out of order: the verification overtook its registration. Nothing left to follow.
            When(EmailVerified)
                .Then(context => context.Saga.VerifiedAt = context.Message.VerifiedAt)
                .TransitionTo(Verified));

        During(AwaitingVerification, Reminded,
            When(EmailVerified)
                .Unschedule(Reminder)
                .Unschedule(Expiry)
                .Then(context => context.Saga.VerifiedAt = context.Message.VerifiedAt)
                .TransitionTo(Verified),
            When(Expiry.Received)
                .Unschedule(Reminder)
                .Then(context => context.Saga.ExpiredAt = clock.GetUtcNow().UtcDateTime)
                .PublishOnCommit(context => Email(context.Saga, ExpiredTemplate, "Tu cuenta de OKLA venció sin verificar",
                    $"Hola {context.Saga.FullName}, no verificaste tu correo a tiempo y tu cuenta venció. Regístrate de nuevo o pide un código nuevo para activarla."))
                .TransitionTo(Expired));

        During(AwaitingVerification,
            When(Reminder.Received)
                .Then(context => context.Saga.RemindedAt = clock.GetUtcNow().UtcDateTime)
                .PublishOnCommit(context => Email(context.Saga, ReminderTemplate, "Recuerda verificar tu correo en OKLA",
                    $"Hola {context.Saga.FullName}, aún no verificaste tu correo. Pide un código nuevo en OKLA y actívalo antes de que la cuenta venza."))
                .TransitionTo(Reminded));

        // Verified after the expiry: the account is verified after all.
        During(Expired,
            When(EmailVerified)
                .Then(context => context.Saga.VerifiedAt = context.Message.VerifiedAt)
                .TransitionTo(Verified));
    }

    public State AwaitingVerification { get; private set; } = null!;
    public State Reminded { get; private set; } = null!;
    public State Verified { get; private set; } = null!;
    public State Expired { get; private set; } = null!;

    public Event<UserRegisteredEvent> Registered { get; private set; } = null!;
    public Event<UserVerifiedEvent> EmailVerified { get; private set; } = null!;

    public Schedule<RegistrationState, RegistrationReminderDue> Reminder { get; private set; } = null!;
    public Schedule<RegistrationState, RegistrationExpiryDue> Expiry { get; private set; } = null!;

    private static SendEmailCommand Email(RegistrationState registration, string template, string subject, string body) => new()
    {
        NotificationId = NewId.NextGuid(),
        RecipientUserId = registration.CorrelationId,
        Email = registration.Email,
        Subject = subject,
        Body = body,
        Template = template,
        RequestedAt = DateTime.UtcNow,
    };
}
