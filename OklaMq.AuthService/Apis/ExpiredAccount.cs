using OklaMq.AuthService.Model;

namespace OklaMq.AuthService.Apis;

/// <summary>
/// The answer to verifying, asking for a new code or logging in with an account that expired
/// unverified (MQ-SAGA-003, docs/sagas.md): 403, what happened, and what to do about it.
/// </summary>
public static class ExpiredAccount
{
    public static IResult Problem(User user) => Results.Problem(
        title: "The account expired",
        detail: $"This account expired on {user.ExpiredAt:u} because its email was not verified in time. Register again with the same email to get a new account and a new code.",
        statusCode: StatusCodes.Status403Forbidden,
        extensions: new Dictionary<string, object?> { ["expiredAt"] = user.ExpiredAt });
}
