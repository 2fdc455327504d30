using StackExchange.Redis;

namespace OklaMq.ServiceDefaults.Messaging.Sagas;

/// <summary>
/// One saga of a service, by name (<c>registration</c>, <c>lead-follow-up</c>): its endpoint queue
/// (<c>&lt;name&gt;-saga</c>), its Redis keys, and its instance type. The inspection API and the
/// <c>okla_saga_instances</c> gauge list the sagas a service registered.
/// </summary>
public abstract record DurableSaga(string Name, Type InstanceType)
{
    public string Queue => $"{Name}-saga";

    /// <summary>The instance: a hash of its version (<c>v</c>), state (<c>s</c>), JSON (<c>d</c>) and last write (<c>u</c>, Unix ms).</summary>
    public RedisKey InstanceKey(Guid id) => $"okla:sagas:{Name}:{id}";

    /// <summary>The instances in one state, scored by the time they entered it (Unix ms): the oldest are the stuck ones.</summary>
    public RedisKey StateIndexKey(string state) => $"okla:sagas:{Name}:state:{state}";

    /// <summary>Every state an instance of this saga has been in, with how long a finished instance is kept in it (ms; 0: not finished).</summary>
    public RedisKey StatesKey => $"okla:sagas:{Name}:states";
}

/// <summary>The saga whose instances are <typeparamref name="TInstance"/>.</summary>
public sealed record DurableSaga<TInstance>(string Name) : DurableSaga(Name, typeof(TInstance))
    where TInstance : class, IDurableSagaInstance;
