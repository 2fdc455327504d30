using System.ComponentModel.DataAnnotations;
using OklaMq.ServiceDefaults.Http;
using OklaMq.VehiclesService.Model;

namespace OklaMq.VehiclesService.Apis;

public sealed record CreateVehicleRequest(
    [Required, NotEmptyGuid] Guid? DealerId,
    [Required, StringLength(50, MinimumLength = 1)] string Make,
    [Required, StringLength(50, MinimumLength = 1)] string Model,
    [Range(1900, 2100)] int Year,
    [Range(typeof(decimal), "1", "1000000000")] decimal Price);

/// <summary>Changes to a listing: only the fields present are changed.</summary>
public sealed record UpdateVehicleRequest(
    [Required, NotEmptyGuid] Guid? UpdatedBy,
    [StringLength(50, MinimumLength = 1)] string? Make,
    [StringLength(50, MinimumLength = 1)] string? Model,
    [Range(1900, 2100)] int? Year,
    [Range(typeof(decimal), "1", "1000000000")] decimal? Price);

public sealed record SellVehicleRequest(
    [Required, NotEmptyGuid] Guid? BuyerId,
    [Range(typeof(decimal), "1", "1000000000")] decimal SalePrice);

public sealed record ChangeVehicleStatusRequest(
    [Required, AllowedValues(VehicleStatuses.Pending, VehicleStatuses.Active, VehicleStatuses.Reserved, VehicleStatuses.Inactive)] string Status,
    [StringLength(500)] string? Reason);

public sealed record DeleteVehicleRequest(
    [Required, NotEmptyGuid] Guid? DeletedBy,
    [Required, StringLength(500, MinimumLength = 1)] string Reason);
