// A small design for bigmodule.sh's synthesis run of YoWASP Yosys: an 8-bit counter with enable, synchronous
// reset and a compare output.
module counter (
    input  wire       clk,
    input  wire       rst,
    input  wire       en,
    input  wire [7:0] limit,
    output reg  [7:0] count,
    output wire       hit
);
    always @(posedge clk) begin
        if (rst) count <= 8'd0;
        else if (en) count <= (count == limit) ? 8'd0 : count + 8'd1;
    end
    assign hit = count == limit;
endmodule
