using System.Globalization;

namespace OklaMq.NotificationService.Model;

/// <summary>
/// How notifications write amounts, dates and billing terms for Dominican users. Fixed formats
/// (the service runs with invariant globalization): RD$ 1,250,000.00 and 31/12/2026.
/// </summary>
public static class Texts
{
    public const string Dop = "DOP";

    public static string Money(decimal amount, string? currency = Dop) =>
        string.IsNullOrWhiteSpace(currency) || string.Equals(currency, Dop, StringComparison.OrdinalIgnoreCase)
            ? $"RD$ {amount.ToString("N2", CultureInfo.InvariantCulture)}"
            : $"{currency.Trim().ToUpperInvariant()} {amount.ToString("N2", CultureInfo.InvariantCulture)}";

    public static string Date(DateTime date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>The payment types of PaymentSuccessEvent, as a receipt names them.</summary>
    public static string PaymentType(string paymentType) => paymentType.Trim().ToLowerInvariant() switch
    {
        "subscription" => "suscripción",
        "listing" => "publicación de vehículo",
        "featured" => "publicación destacada",
        "" => "pago",
        _ => paymentType.Trim(),
    };

    /// <summary>The lead sources of LeadCreatedEvent, as a dealer reads them.</summary>
    public static string LeadSource(string source) => source.Trim().ToLowerInvariant() switch
    {
        "web" => "la web",
        "whatsapp" => "WhatsApp",
        "phone" => "llamada telefónica",
        "" => "OKLA",
        _ => source.Trim(),
    };
}
