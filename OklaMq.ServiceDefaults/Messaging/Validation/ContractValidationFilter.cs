using MassTransit;
using OklaMq.ServiceDefaults.Messaging.Recoverability;

namespace OklaMq.ServiceDefaults.Messaging.Validation;

/// <summary>Refuses a message that breaks <see cref="ContractRules"/> before its consumer runs: no retry, straight to the dead-letter queue.</summary>
public sealed class ContractValidationFilter<T> : IFilter<ConsumeContext<T>> where T : class
{
    public Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var errors = ContractRules.Check(context.Message);
        return errors.Count == 0 ? next.Send(context) : throw new InvalidMessageException(typeof(T).Name, errors);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("contractValidation");
}
