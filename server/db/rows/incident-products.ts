/** `incident_products`: the GTINs an incident names. */
export interface IncidentProductRow {
  incident_id: string;
  gtin: string;
}
