using System.Net;
using System.Text.RegularExpressions;
using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.Foundation;

/// <summary>Auth → user.events and notification.commands → Notification's email channel; verification → Analytics.</summary>
[Collection(OklaMqAppCollection.Name)]
public sealed partial class Registering_a_user_end_to_end(OklaMqApp app)
{
    [Fact]
    public async Task Should_welcome_the_user_and_verify_them_with_the_emailed_code()
    {
        var userId = await app.RegisterAsync("Ana Gómez");

        var welcome = await app.NotificationEventuallyAsync(userId, "email", "Welcome");
        Assert.Contains("Ana Gómez", (string)welcome["body"]!);
        var verification = await app.NotificationEventuallyAsync(userId, "email", "EmailVerification");
        var code = SixDigits().Match((string)verification["body"]!);
        Assert.True(code.Success, $"No code in: {verification["body"]}");

        var verified = await OklaApis.PostAsync(app.Auth, "/api/auth/verify", new { userId, code = code.Value }, HttpStatusCode.OK);
        Assert.True((bool)verified["verified"]!);

        var tracked = await Polling.Eventually(async () =>
            (await app.LatestAnalyticsAsync()).Single(e => (string?)e["eventType"] == "user.verified" && (string?)e["entityId"] == userId.ToString()),
            OklaApis.EventTimeout, "analytics tracks user.verified");
        Assert.Equal("Email", (string?)tracked["properties"]!["verification_type"]);
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
