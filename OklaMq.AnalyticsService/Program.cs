using OklaMq.AnalyticsService.Apis;
using OklaMq.AnalyticsService.Extensions;
using OklaMq.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseHttpApiDefaults();
app.MapDefaultEndpoints();
app.MapAnalyticsApi();

app.Run();
