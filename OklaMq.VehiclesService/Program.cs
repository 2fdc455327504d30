using OklaMq.ServiceDefaults.Http;
using OklaMq.ServiceDefaults.Messaging.Sagas;
using OklaMq.VehiclesService.Apis;
using OklaMq.VehiclesService.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseHttpApiDefaults();
app.MapDefaultEndpoints();
app.MapVehiclesApi();
app.MapLeadsApi();
app.MapReservationsApi();
app.MapSagaApi();

app.Run();
