using OklaMq.Benchmarks.Wolverine;
using OklaMq.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWolverinePeer();

var app = builder.Build();

app.UseHttpApiDefaults();
app.MapDefaultEndpoints();
app.MapPeerVehiclesApi();

app.Run();
