/** `declaration_products`: the GTINs each declaration version covers. */
export interface DeclarationProductRow {
  declaration_id: string;
  version: number;
  gtin: string;
}
