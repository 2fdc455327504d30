using System.ComponentModel.DataAnnotations;
using OklaMq.ServiceDefaults.Http;

namespace OklaMq.VehiclesService.Apis;

/// <summary>A buyer reserves a vehicle, paying its deposit through <c>Gateway</c> (Azul when left out).</summary>
public sealed record ReserveVehicleRequest(
    [Required, NotEmptyGuid] Guid? BuyerId,
    [AllowedValues("Stripe", "Azul", null)] string? Gateway = null);

/// <summary>The vehicle's dealer confirms the sale to the reservation's buyer, at <c>SalePrice</c> (the listed price when left out).</summary>
public sealed record ConfirmSaleRequest(
    [Required, NotEmptyGuid] Guid? DealerId,
    [Range(typeof(decimal), "1", "1000000000")] decimal? SalePrice = null);
