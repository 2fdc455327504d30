using MassTransit;
using OklaMq.AuthService.Infrastructure;
using Microsoft.Extensions.Options;
using OklaMq.Contracts.Commands;
using OklaMq.Contracts.Events;
using OklaMq.ServiceDefaults.Messaging.Sagas;

namespace OklaMq.AuthService.Sagas;

/// <summary>
/// MQ-SAGA-003 (docs/sagas.md): <c>user.registered</c> starts it; if the email is not verified after
/// <see cref="RegistrationSagaSettings.ReminderAfter"/>, a reminder email; after
/// <see cref="RegistrationSagaSettings.ExpireAfter"/>, the account is marked expired in Auth's user
/// store (it can no longer be verified or log in) and an email says so. <c>user.verified</c> ends it
/// before the expiry, and also when it arrives before the registration (the saga then starts
/// finished, and the late registration is ignored); a verification stored before the expiry whose
/// event has not arrived yet wins too: the expiry finds the account verified.
/// </summary>
public sealed class RegistrationStateMachine : DurableStateMachine<RegistrationState>
{
    public const string ReminderTemplate = "VerificationReminder";
    public const string ExpiredTemplate = "VerificationExpired";

    public RegistrationStateMachine(DurableSaga<RegistrationState> saga, IOptions<RegistrationSagaSettings> options, UserRepository users, TimeProvider clock, ILoggerFactory loggers)
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
                .ThenAsync(context => ExpireAccountAsync(users, context.Saga, clock))
                .IfElse(context => context.Saga.VerifiedAt is not null,
                    // Verified in Auth before the expiry; its user.verified, still on its way, will be ignored.
                    verified => verified.TransitionTo(Verified),
                    expired => expired
                        .PublishOnCommit(context => Email(context.Saga, ExpiredTemplate, "Tu cuenta de OKLA venció sin verificar",
                            $"Hola {context.Saga.FullName}, no verificaste tu correo a tiempo y tu cuenta venció. Regístrate de nuevo con el mismo correo para recibir un código nuevo."))
                        .TransitionTo(Expired)));

        During(AwaitingVerification,
            When(Reminder.Received)
                .Then(context => context.Saga.RemindedAt = clock.GetUtcNow().UtcDateTime)
                .PublishOnCommit(context => Email(context.Saga, ReminderTemplate, "Recuerda verificar tu correo en OKLA",
                    $"Hola {context.Saga.FullName}, aún no verificaste tu correo. Pide un código nuevo en OKLA y actívalo antes de que la cuenta venza."))
                .TransitionTo(Reminded));
    }

    public State AwaitingVerification { get; private set; } = null!;
    public State Reminded { get; private set; } = null!;
    public State Verified { get; private set; } = null!;
    public State Expired { get; private set; } = null!;

    public Event<UserRegisteredEvent> Registered { get; private set; } = null!;
    public Event<UserVerifiedEvent> EmailVerified { get; private set; } = null!;

    public Schedule<RegistrationState, RegistrationReminderDue> Reminder { get; private set; } = null!;
    public Schedule<RegistrationState, RegistrationExpiryDue> Expiry { get; private set; } = null!;

    /// <summary>
    /// Marks the account expired in Auth's user store, unless it was verified first (then the saga
    /// records the verification instead). Outside the saga's commit, so idempotent on its own: a
    /// repeated expiry (a retry after a conflict or a crash before the commit) finds the account
    /// expired and keeps the time stored first.
    /// </summary>
    private static async Task ExpireAccountAsync(UserRepository users, RegistrationState registration, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var user = await users.ExpireUnverifiedAsync(registration.CorrelationId, now);
        if (user is { Verified: true })
        {
            registration.VerifiedAt = user.VerifiedAt;
            return;
        }
        registration.ExpiredAt = user?.ExpiredAt ?? now;
    }

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
