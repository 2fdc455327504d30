namespace OklaMq.VehiclesService.Model;

/// <summary>The statuses a listing moves through. "Pending" is the document's initial status; Sold only comes from a sale.</summary>
public static class VehicleStatuses
{
    public const string Pending = "Pending";
    public const string Active = "Active";
    public const string Reserved = "Reserved";
    public const string Sold = "Sold";
    public const string Inactive = "Inactive";
}
