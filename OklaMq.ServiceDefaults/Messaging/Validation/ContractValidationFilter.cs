using MassTransit;
using OklaMq.ServiceDefaults.Messaging.Recoverability;

namespace OklaMq.ServiceDefaults.Messaging.Validation;

/// <summary>Refuses a message that breaks <see cref="ContractRules"/> before its consumer or saga handles it: no retry, straight to the dead-letter queue.</summary>
public sealed class ContractValidationFilter<TContext, TMessage> : IFilter<TContext>
    where TContext : class, ConsumeContext<TMessage>
    where TMessage : class
{
    public Task Send(TContext context, IPipe<TContext> next)
    {
        var errors = ContractRules.Check(context.Message);
        return errors.Count == 0 ? next.Send(context) : throw new InvalidMessageException(typeof(TMessage).Name, errors);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("contractValidation");
}
