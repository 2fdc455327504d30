using OklaMq.NotificationService.Apis;
using OklaMq.NotificationService.Extensions;
using OklaMq.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseHttpApiDefaults();
app.MapDefaultEndpoints();
app.MapAlertsApi();
app.MapNotificationsApi();

app.Run();
