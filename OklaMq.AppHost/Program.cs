using OklaMq.Hosting.Infrastructure;
using OklaMq.Hosting.Monitoring;
using OklaMq.Hosting.Services;

// Ctrl+C and SIGINT stop the AppHost and everything it started, also when a script started it (README "Stopping it").
InterruptSignal.Restore(typeof(Program).Assembly);

var builder = DistributedApplication.CreateBuilder(args);

// RabbitMQ and Redis: containers where a container runtime is healthy, Debian's servers as local
// processes where none is (Infrastructure:Mode in appsettings.json, README "Infrastructure modes").
var messaging = builder.AddMessagingBroker("messaging");
var cache = builder.AddCache("cache");

builder.AddOklaService<Projects.OklaMq_VehiclesService>("vehicles", messaging, cache).WithReplicasFromConfiguration();
builder.AddOklaService<Projects.OklaMq_BillingService>("billing", messaging, cache);
builder.AddOklaService<Projects.OklaMq_AuthService>("auth", messaging, cache);
builder.AddOklaService<Projects.OklaMq_NotificationService>("notification", messaging, cache).WithReplicasFromConfiguration();
builder.AddOklaService<Projects.OklaMq_AnalyticsService>("analytics", messaging, cache).WithReplicasFromConfiguration();

// The document's ErrorService: records every dead letter; replays and purges dead-letter queues.
var deadLetters = builder.AddOklaService<Projects.OklaMq_DeadLetterService>("deadletters", messaging, cache);
messaging.WithDeadLetterCommands(deadLetters);

// Prometheus scrapes the broker and every service instance, with the alert rules of
// deploy/monitoring/prometheus (docs/operations.md); nothing waits for it.
builder.AddPrometheus("prometheus");

builder.Build().Run();
