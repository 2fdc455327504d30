using OklaMq.AuthService.Apis;
using OklaMq.AuthService.Extensions;
using OklaMq.ServiceDefaults.Http;
using OklaMq.ServiceDefaults.Messaging.Sagas;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseHttpApiDefaults();
app.MapDefaultEndpoints();
app.MapAuthApi();
app.MapVerificationApi();
app.MapSagaApi();

app.Run();
