using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace OklaMq.ServiceDefaults.Messaging.Sagas;

public static class DurableSagaExtensions
{
    /// <summary>
    /// Registers a state machine saga named <paramref name="name"/> on the Redis saga repository, with
    /// its endpoint (<see cref="EventSagaDefinition{TInstance}"/>: queue <c>&lt;name&gt;-saga</c>),
    /// the inspection API's and the gauge's knowledge of it. The service needs Redis (<c>AddCache</c>)
    /// and the outbox (<c>AddOutbox</c>), which publishes what the saga publishes; map the API with
    /// <see cref="SagaApi.MapSagaApi"/>.
    /// </summary>
    public static ISagaRegistrationConfigurator<TInstance> AddDurableSaga<TMachine, TInstance>(this IBusRegistrationConfigurator bus, string name)
        where TMachine : DurableStateMachine<TInstance>
        where TInstance : class, IDurableSagaInstance
    {
        var saga = new DurableSaga<TInstance>(name);
        bus.AddSingleton(saga);
        bus.AddSingleton<DurableSaga>(saga);
        bus.AddOptions<SagaOptions>().BindConfiguration(SagaOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        bus.TryAddSingleton(TimeProvider.System);
        bus.TryAddSingleton<RedisSagaScripts>();
        bus.AddSingleton<RedisSagaStore<TInstance>>();
        bus.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SagaInstanceGauge>());

        return bus.AddSagaStateMachine<TMachine, TInstance>(typeof(EventSagaDefinition<TInstance>))
            .Repository(repository =>
            {
                repository.RegisterSagaRepository<TInstance, RedisSagaStore<TInstance>, SagaConsumeContextFactory<RedisSagaStore<TInstance>, TInstance>, RedisSagaRepositoryContextFactory<TInstance>>();
                repository.RegisterLoadSagaRepository<TInstance, RedisSagaRepositoryContextFactory<TInstance>>();
            });
    }
}
