using OklaMq.AuthService.Infrastructure;
using OklaMq.AuthService.Model;
using OklaMq.Contracts.Events;
using OklaMq.ServiceDefaults.Http;

namespace OklaMq.AuthService.Apis;

public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/auth");
        api.MapPost("/register", RegisterAsync);
        api.MapPost("/login", LoginAsync);
        api.MapGet("/users/{id:guid}", GetUserAsync);
        return app;
    }

    /// <summary>Creates the account and sends its email code, in one commit with both messages.</summary>
    private static async Task<IResult> RegisterAsync(RegisterRequest request, UserRepository users, TimeProvider clock, HttpContext http)
    {
        var email = request.Email.Trim();
        // Only a shortcut past the password hashing: the uniqueness guarantee is the condition in AddAsync.
        // An account that expired unverified gives its email up to a new registration.
        Guid? expiredHolder = null;
        if (await users.FindIdByEmailAsync(email) is { } holderId)
        {
            if (await users.FindAsync(holderId) is not { Value.ExpiredAt: not null })
            {
                return EmailTaken();
            }
            expiredHolder = holderId;
        }

        var id = Guid.NewGuid();
        var now = clock.GetUtcNow().UtcDateTime;
        var code = VerificationCodes.New();
        var user = new User
        {
            Id = id,
            Email = email,
            FullName = request.FullName.Trim(),
            AccountType = request.AccountType ?? AccountTypes.Individual,
            ReferralCode = request.ReferralCode,
            Password = PasswordHasher.Hash(request.Password),
            RegisteredAt = now,
            EmailVerification = new PendingVerification(VerificationCodes.Hash(id, code), now + VerificationCodes.Lifetime),
        };
        var registered = new UserRegisteredEvent
        {
            UserId = id,
            Email = user.Email,
            FullName = user.FullName,
            AccountType = user.AccountType,
            RegisteredAt = now,
            ReferralCode = user.ReferralCode,
        };
        return await users.AddAsync(user, expiredHolder, CorrelationIds.Of(http), registered, VerificationEmail.For(user, code, now))
            ? Results.Created($"/api/auth/users/{id}", UserProfile.Of(user))
            : EmailTaken();
    }

    /// <summary>Issues an access token. An unknown email and a wrong password get the same answer, in the same time.</summary>
    private static async Task<IResult> LoginAsync(LoginRequest request, UserRepository users, SessionRepository sessions, TimeProvider clock, HttpContext http)
    {
        var stored = await users.FindIdByEmailAsync(request.Email) is { } userId ? await users.FindAsync(userId) : null;
        var valid = stored is null
            ? PasswordHasher.VerifyAgainstNothing(request.Password)
            : PasswordHasher.Verify(request.Password, stored.Value.Password);
        if (stored is null || !valid)
        {
            return Results.Problem("The email or the password is wrong.", statusCode: StatusCodes.Status401Unauthorized);
        }
        if (stored.Value.ExpiredAt is not null)
        {
            return ExpiredAccount.Problem(stored.Value);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var (ipAddress, userAgent) = ClientOf(http);
        var token = AccessTokens.New();
        var session = new Session(stored.Value.Id, now, now + AccessTokens.Lifetime);
        var saved = await sessions.AddAsync(AccessTokens.Hash(token), session, CorrelationIds.Of(http), new UserLoggedInEvent
        {
            UserId = session.UserId,
            IpAddress = ipAddress,
            UserAgent = userAgent,
            LoggedInAt = now,
        });
        return saved
            ? Results.Ok(new LoginResponse(session.UserId, token, session.ExpiresAt))
            : Results.Problem("The session could not be stored; try again.", statusCode: StatusCodes.Status500InternalServerError);
    }

    private static async Task<IResult> GetUserAsync(Guid id, UserRepository users) =>
        await users.FindAsync(id) is { } stored
            ? Results.Ok(UserProfile.Of(stored.Value))
            : Results.Problem($"User {id} does not exist.", statusCode: StatusCodes.Status404NotFound);

    private static (string IpAddress, string UserAgent) ClientOf(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        var ip = address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
        // Bounded: the header is the caller's to fill, and it travels in every copy of the event.
        var userAgent = http.Request.Headers.UserAgent.ToString();
        return (ip?.ToString() ?? string.Empty, userAgent.Length > 512 ? userAgent[..512] : userAgent);
    }

    private static IResult EmailTaken() =>
        Results.Problem("An account with this email already exists.", statusCode: StatusCodes.Status409Conflict);
}
