using System.Collections.Concurrent;
using System.Reflection;
using OklaMq.Contracts.Commands;
using OklaMq.Contracts.Events;

namespace OklaMq.ServiceDefaults.Messaging.Validation;

/// <summary>
/// What a message must satisfy to be processed: every non-nullable id is set, every non-nullable
/// time is set, and the few value rules the contracts imply (a price is positive, a year is a
/// year). A message from another language that deserializes but leaves these out is invalid,
/// not "zero".
/// </summary>
public static class ContractRules
{
    private static readonly ConcurrentDictionary<Type, Func<object, IEnumerable<string>>> Rules = new();

    // CorrelationId is optional in practice: a publisher that has none sends an empty one.
    private static readonly HashSet<string> OptionalIds = ["CorrelationId"];

    private static readonly Dictionary<Type, Func<object, IEnumerable<string>>> ValueRules = new()
    {
        [typeof(VehicleCreatedEvent)] = m => VehicleRules(((VehicleCreatedEvent)m).Year, ((VehicleCreatedEvent)m).Price),
        [typeof(VehicleSoldEvent)] = m => Positive("SalePrice", ((VehicleSoldEvent)m).SalePrice),
        [typeof(PaymentSuccessEvent)] = m => Positive("Amount", ((PaymentSuccessEvent)m).Amount),
        [typeof(PaymentFailedEvent)] = m => Positive("Amount", ((PaymentFailedEvent)m).Amount),
        [typeof(SubscriptionCreatedEvent)] = m => Positive("MonthlyPrice", ((SubscriptionCreatedEvent)m).MonthlyPrice),
        [typeof(PaymentRefundedEvent)] = m => Positive("Amount", ((PaymentRefundedEvent)m).Amount),
        [typeof(RequestPaymentCommand)] = m => Positive("Amount", ((RequestPaymentCommand)m).Amount),
        [typeof(ReserveVehicleCommand)] = m => Positive("Deposit", ((ReserveVehicleCommand)m).Deposit),
        [typeof(ConfirmVehicleSaleCommand)] = m => Positive("SalePrice", ((ConfirmVehicleSaleCommand)m).SalePrice),
        [typeof(ActivateSubscriptionCommand)] = m => Positive("MonthlyPrice", ((ActivateSubscriptionCommand)m).MonthlyPrice),
    };

    public static IReadOnlyList<string> Check(object message) =>
        Rules.GetOrAdd(message.GetType(), Build)(message).ToList();

    private static Func<object, IEnumerable<string>> Build(Type type)
    {
        var ids = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(Guid) && p.Name.EndsWith("Id", StringComparison.Ordinal) && !OptionalIds.Contains(p.Name))
            .ToList();
        var times = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(DateTime))
            .ToList();
        var values = ValueRules.GetValueOrDefault(type);

        return message =>
            ids.Where(p => (Guid)p.GetValue(message)! == Guid.Empty).Select(p => $"{p.Name} is missing or empty")
                .Concat(times.Where(p => (DateTime)p.GetValue(message)! == default).Select(p => $"{p.Name} is missing"))
                .Concat(values?.Invoke(message) ?? []);
    }

    private static IEnumerable<string> VehicleRules(int year, decimal price) =>
        (year is < 1900 or > 2100 ? [$"Year {year} is not a plausible model year"] : Array.Empty<string>())
            .Concat(Positive("Price", price));

    private static IEnumerable<string> Positive(string name, decimal value) =>
        value > 0 ? [] : [$"{name} must be positive"];
}
