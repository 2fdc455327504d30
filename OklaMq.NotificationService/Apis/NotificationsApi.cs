using System.ComponentModel.DataAnnotations;
using OklaMq.NotificationService.Infrastructure;
using OklaMq.ServiceDefaults.Http;

namespace OklaMq.NotificationService.Apis;

public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/notifications", ForRecipientAsync);
        return app;
    }

    /// <summary>What was sent to a user, newest first; optionally one channel (email, sms, push).</summary>
    private static async Task<IResult> ForRecipientAsync(
        [Required, NotEmptyGuid] Guid? userId,
        [AllowedValues(null, "email", "sms", "push")] string? channel,
        [Range(1, 500)] int? count,
        NotificationLog log)
    {
        var sent = await log.ForRecipientAsync(userId!.Value, count ?? 100);
        return Results.Ok(channel is null ? sent : sent.Where(n => n.Channel == channel).ToList());
    }
}
