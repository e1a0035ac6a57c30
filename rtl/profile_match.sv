`include "vnr_regs.svh"
// Recognition of an encapsulated frame (architecture.md, SPEC 3.1/3.3), two
// register stages:
//   A (cycle d+1): outer L2/L3 checks; the opaque header is cut out of the
//      window with a 12-way mux (o = l3 + 4*ihl takes only 12 values); the
//      profiles are sampled here and travel with the frame.
//   B (cycle d+2): per profile, format field and flow id from the opaque
//      bytes (validated profiles keep every field inside 64 opaque bytes).
// Outputs (cycle d+3) are a priority select of the stage-B registers.
module profile_match #(
  parameter int HDR = 256
) (
  input  logic             clk_i,
  input  logic [HDR*8-1:0] window_i,
  input  logic             len_known_i,
  input  logic [15:0]      len_i,
  input  logic [639:0]     prof_i,      // 4 profiles x 5 words (PROF_CTRL..PROF_EDIT)
  output logic             encap_o,
  output logic [1:0]       profile_o,
  output logic [31:0]      flow_id_o
);
  localparam int OPQ = 64;

  function automatic logic [7:0] hb(input logic [HDR*8-1:0] w, input int i);
    hb = w[i*8 +: 8];
  endfunction

  // ---------------------------------------------------------------- stage A
  logic        vlan, base_ok, len_ok;
  logic [15:0] et, tl, fr;
  logic [7:0]  vi, proto;
  logic [3:0]  ihl, sel;
  logic [6:0]  o, hlen;
  logic [OPQ*8-1:0] opq;

  always_comb begin
    vlan  = {hb(window_i, 12), hb(window_i, 13)} == 16'h8100;
    et    = vlan ? {hb(window_i, 16), hb(window_i, 17)} : {hb(window_i, 12), hb(window_i, 13)};
    vi    = vlan ? hb(window_i, 18) : hb(window_i, 14);
    tl    = vlan ? {hb(window_i, 20), hb(window_i, 21)} : {hb(window_i, 16), hb(window_i, 17)};
    fr    = vlan ? {hb(window_i, 24), hb(window_i, 25)} : {hb(window_i, 20), hb(window_i, 21)};
    proto = vlan ? hb(window_i, 27) : hb(window_i, 23);
    ihl   = vi[3:0];
    hlen  = {1'b0, ihl, 2'b00};
    o     = (vlan ? 7'd18 : 7'd14) + hlen;
    len_ok  = ~len_known_i | (16'(o) <= len_i);
    base_ok = (et == 16'h0800) & (vi[7:4] == 4'd4) & (ihl >= 4'd5) &
              ~fr[13] & (fr[12:0] == 13'd0) & len_ok;
    // opaque start index: o = 34 + 4*sel, sel = ihl + vlan - 5 in 0..11
    sel   = ihl + {3'b0, vlan} - 4'd5;
    opq   = '0;
    for (int j = 0; j < 12; j++) begin
      if (sel == 4'(j)) opq = window_i[(34 + 4*j)*8 +: OPQ*8];
    end
  end

  logic             a_ok_q;
  logic [OPQ*8-1:0] a_opq_q;
  logic [15:0]      a_tl_q, a_len_q;
  logic [7:0]       a_proto_q;
  logic [6:0]       a_o_q, a_hlen_q;
  logic             a_known_q;
  logic [639:0]     a_prof_q;

  always_ff @(posedge clk_i) begin
    a_ok_q    <= base_ok;
    a_opq_q   <= opq;
    a_tl_q    <= tl;
    a_len_q   <= len_i;
    a_known_q <= len_known_i;
    a_proto_q <= proto;
    a_o_q     <= o;
    a_hlen_q  <= hlen;
    a_prof_q  <= prof_i;
  end

  // ---------------------------------------------------------------- stage B
  function automatic logic [7:0] ob(input logic [OPQ*8-1:0] q, input logic [8:0] k);
    ob = (k < 9'(OPQ)) ? q[k[5:0]*8 +: 8] : 8'h00;
  endfunction

  logic [3:0]  m;
  logic [31:0] flow [4];

  always_comb begin
    for (int p = 0; p < 4; p++) begin
      logic [6:0]  olen;
      logic [7:0]  foff, fmt_off;
      logic [2:0]  flen;
      logic [15:0] fld, val, mask;
      logic [7:0]  b0, b1, b2, b3;
      mask = a_prof_q[(p*5 + 2)*32 + `VNR_PROFILE_PROF_FMT_MASK_MASK_LSB +: 16];
      olen = a_prof_q[(p*5 + 0)*32 + `VNR_PROFILE_PROF_CTRL_OPAQUE_LEN_LSB +: 7];
      val  = a_prof_q[(p*5 + 1)*32 + `VNR_PROFILE_PROF_FMT_VAL_LSB +: 16];
      foff = a_prof_q[(p*5 + 3)*32 + `VNR_PROFILE_PROF_FLOW_OFF_LSB +: 8];
      flen = a_prof_q[(p*5 + 3)*32 + `VNR_PROFILE_PROF_FLOW_LEN_LSB +: 3];
      fmt_off = a_prof_q[(p*5 + 1)*32 + `VNR_PROFILE_PROF_FMT_OFF_LSB +: 8];
      fld  = {ob(a_opq_q, {1'b0, fmt_off}), ob(a_opq_q, {1'b0, fmt_off} + 9'd1)};
      m[p] = a_ok_q & a_prof_q[(p*5 + 0)*32 + `VNR_PROFILE_PROF_CTRL_ENABLE_LSB] &
             (a_prof_q[(p*5 + 0)*32 + `VNR_PROFILE_PROF_CTRL_PROTO_LSB +: 8] == a_proto_q) &
             (a_tl_q >= 16'(a_hlen_q) + 16'(olen)) &
             (~a_known_q | (16'(a_o_q) + 16'(olen) <= a_len_q)) &
             (((fld ^ val) & mask) == 16'h0);
      b0 = ob(a_opq_q, {1'b0, foff});
      b1 = ob(a_opq_q, {1'b0, foff} + 9'd1);
      b2 = ob(a_opq_q, {1'b0, foff} + 9'd2);
      b3 = ob(a_opq_q, {1'b0, foff} + 9'd3);
      case (flen)
        3'd1:    flow[p] = {24'h0, b0};
        3'd2:    flow[p] = {16'h0, b0, b1};
        3'd3:    flow[p] = {8'h0, b0, b1, b2};
        3'd4:    flow[p] = {b0, b1, b2, b3};
        default: flow[p] = 32'h0;  // 0 = none; above 4 is refused at commit
      endcase
    end
  end

  logic [3:0]  b_m_q;
  logic [31:0] b_flow_q [4];

  always_ff @(posedge clk_i) begin
    b_m_q <= m;
    for (int p = 0; p < 4; p++) b_flow_q[p] <= flow[p];
  end

  // ---------------------------------------------------------------- output
  always_comb begin
    encap_o   = |b_m_q;
    profile_o = 2'd0;
    flow_id_o = 32'h0;
    for (int p = 3; p >= 0; p--) begin
      if (b_m_q[p]) begin
        profile_o = 2'(p);
        flow_id_o = b_flow_q[p];
      end
    end
  end

  // profile words not used by recognition (inner_eth, edit fields)
  logic unused_prof;
  assign unused_prof = ^{a_prof_q, fr[15:14]};
endmodule
