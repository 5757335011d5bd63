import SQLKit

// Columns are snake_case; row structs are camelCase.
let rowDecoder = SQLRowDecoder(keyDecodingStrategy: .convertFromSnakeCase)
let rowEncoder = SQLQueryEncoder(keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
