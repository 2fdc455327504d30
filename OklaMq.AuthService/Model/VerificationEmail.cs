using OklaMq.Contracts.Commands;

namespace OklaMq.AuthService.Model;

/// <summary>The email that carries a verification code; Notification delivers it.</summary>
public static class VerificationEmail
{
    public const string Template = "EmailVerification";

    public static SendEmailCommand For(User user, string code, DateTime now) => new()
    {
        NotificationId = Guid.NewGuid(),
        RecipientUserId = user.Id,
        Email = user.Email,
        Subject = "Verifica tu correo en OKLA",
        Body = $"Hola {user.FullName}, tu código de verificación es {code}. Vence en 24 horas.",
        Template = Template,
        RequestedAt = now,
    };
}
