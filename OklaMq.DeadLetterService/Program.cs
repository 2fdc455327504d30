using OklaMq.DeadLetterService.Apis;
using OklaMq.DeadLetterService.Extensions;
using OklaMq.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseHttpApiDefaults();
app.MapDefaultEndpoints();
app.MapFaultsApi();
app.MapDeadLettersApi();

app.Run();
