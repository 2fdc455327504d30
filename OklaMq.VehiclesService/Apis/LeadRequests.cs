using System.ComponentModel.DataAnnotations;
using OklaMq.ServiceDefaults.Http;

namespace OklaMq.VehiclesService.Apis;

public sealed record CreateLeadRequest(
    [Required, NotEmptyGuid] Guid? VehicleId,
    [NotEmptyGuid] Guid? BuyerId,
    [Required, StringLength(100, MinimumLength = 1)] string ContactName,
    [Required, Phone, StringLength(30)] string ContactPhone,
    [EmailAddress, StringLength(254)] string? ContactEmail,
    [Required, AllowedValues("Web", "WhatsApp", "Phone")] string Source);

public sealed record UpdateLeadStatusRequest(
    [Required, AllowedValues("New", "Contacted", "Qualified", "Negotiating", "Won", "Lost")] string Status,
    [StringLength(1000)] string? Notes);
