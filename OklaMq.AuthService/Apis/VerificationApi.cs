using OklaMq.AuthService.Infrastructure;
using OklaMq.AuthService.Model;
using OklaMq.Contracts.Events;
using OklaMq.ServiceDefaults.Http;

namespace OklaMq.AuthService.Apis;

/// <summary>Email verification with the six-digit code sent at registration (or sent again on request).</summary>
public static class VerificationApi
{
    public static IEndpointRouteBuilder MapVerificationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/auth/verify");
        api.MapPost("/", VerifyAsync);
        api.MapPost("/resend", ResendAsync);
        return app;
    }

    private static async Task<IResult> VerifyAsync(VerifyEmailRequest request, UserRepository users, VerificationAttempts attempts, TimeProvider clock, HttpContext http)
    {
        var id = request.UserId!.Value;
        if (await users.FindAsync(id) is not { } stored)
        {
            return NotFound(id);
        }
        if (stored.Value.Verified)
        {
            return AlreadyVerified(id);
        }
        if (stored.Value.ExpiredAt is not null)
        {
            return ExpiredAccount.Problem(stored.Value);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (stored.Value.EmailVerification is not { } pending || pending.ExpiresAt <= now)
        {
            return WrongCode("The code has expired; ask for a new one.");
        }
        if (!await attempts.TryAsync(pending.CodeHash, pending.ExpiresAt))
        {
            return WrongCode("Too many tries with this code; ask for a new one.");
        }
        if (!VerificationCodes.Matches(id, request.Code, pending.CodeHash))
        {
            return WrongCode("The code is wrong.");
        }

        var verified = stored.Value with { Verified = true, VerifiedAt = now, EmailVerification = null };
        var saved = await users.UpdateAsync(stored, verified, CorrelationIds.Of(http), new UserVerifiedEvent
        {
            UserId = id,
            VerificationType = "Email",
            VerifiedAt = now,
        });
        return saved ? Results.Ok(UserProfile.Of(verified)) : ChangedConcurrently(id);
    }

    /// <summary>Replaces the pending code with a new one (the old one stops working) and emails it.</summary>
    private static async Task<IResult> ResendAsync(ResendVerificationRequest request, UserRepository users, TimeProvider clock, HttpContext http)
    {
        var id = request.UserId!.Value;
        if (await users.FindAsync(id) is not { } stored)
        {
            return NotFound(id);
        }
        if (stored.Value.Verified)
        {
            return AlreadyVerified(id);
        }
        if (stored.Value.ExpiredAt is not null)
        {
            return ExpiredAccount.Problem(stored.Value);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var code = VerificationCodes.New();
        var pending = new PendingVerification(VerificationCodes.Hash(id, code), now + VerificationCodes.Lifetime);
        var updated = stored.Value with { EmailVerification = pending };
        var saved = await users.UpdateAsync(stored, updated, CorrelationIds.Of(http), VerificationEmail.For(updated, code, now));
        return saved ? Results.Accepted(value: new VerificationSent(id, pending.ExpiresAt)) : ChangedConcurrently(id);
    }

    private static IResult WrongCode(string error) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [nameof(VerifyEmailRequest.Code)] = [error] });

    private static IResult NotFound(Guid id) => Results.Problem($"User {id} does not exist.", statusCode: StatusCodes.Status404NotFound);
    private static IResult AlreadyVerified(Guid id) => Results.Problem($"User {id} is already verified.", statusCode: StatusCodes.Status409Conflict);
    private static IResult ChangedConcurrently(Guid id) =>
        Results.Problem($"User {id} was changed by another request; read it again and retry.", statusCode: StatusCodes.Status409Conflict);
}
