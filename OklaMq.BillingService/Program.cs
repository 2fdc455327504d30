using OklaMq.BillingService.Apis;
using OklaMq.BillingService.Extensions;
using OklaMq.ServiceDefaults.Http;
using OklaMq.ServiceDefaults.Messaging.Sagas;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseHttpApiDefaults();
app.MapDefaultEndpoints();
app.MapPaymentsApi();
app.MapSubscriptionsApi();
app.MapPlansApi();
app.MapGatewayApi();
app.MapSagaApi();

app.Run();
