using OklaMq.AuthService.Apis;
using OklaMq.AuthService.Extensions;
using OklaMq.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseHttpApiDefaults();
app.MapDefaultEndpoints();
app.MapAuthApi();
app.MapVerificationApi();

app.Run();
