using OklaMq.Hosting.Infrastructure;
using OklaMq.Hosting.Services;

var builder = DistributedApplication.CreateBuilder(args);

// RabbitMQ and Redis: containers where a container runtime is healthy, Debian's servers as local
// processes where none is (Infrastructure:Mode in appsettings.json, README "Infrastructure modes").
var messaging = builder.AddMessagingBroker("messaging");
var cache = builder.AddCache("cache");

builder.AddProject<Projects.OklaMq_VehiclesService>("vehicles")
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(cache).WaitFor(cache)
    .WithServiceSettings()
    .WithServiceHealthCheck();

builder.AddProject<Projects.OklaMq_BillingService>("billing")
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(cache).WaitFor(cache)
    .WithServiceSettings()
    .WithServiceHealthCheck();

builder.AddProject<Projects.OklaMq_AuthService>("auth")
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(cache).WaitFor(cache)
    .WithServiceSettings()
    .WithServiceHealthCheck();

builder.AddProject<Projects.OklaMq_NotificationService>("notification")
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(cache).WaitFor(cache)
    .WithServiceSettings()
    .WithReplicasFromConfiguration()
    .WithServiceHealthCheck();

builder.AddProject<Projects.OklaMq_AnalyticsService>("analytics")
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(cache).WaitFor(cache)
    .WithServiceSettings()
    .WithReplicasFromConfiguration()
    .WithServiceHealthCheck();

// The document's ErrorService: records every dead letter; replays and purges dead-letter queues.
var deadLetters = builder.AddProject<Projects.OklaMq_DeadLetterService>("deadletters")
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(cache).WaitFor(cache)
    .WithServiceSettings()
    .WithServiceHealthCheck();

messaging.WithDeadLetterCommands(deadLetters);

builder.Build().Run();
